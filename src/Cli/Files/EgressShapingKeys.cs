using FanoutSim.Model.Scenarios;

namespace FanoutSim.Cli.Files;

/// <summary>
/// <see cref="EgressShaping"/> as YAML keys: `shaping_bucket_kb`, `shaping_queue_kb` and optionally
/// `shaping_rate_gbps` on a catalog node, the same with `redis_` in front in a scenario (which overrides its node's).
/// `shaping_rate_gbps: allowance` (or leaving it out) means the allowance in force. `shaping_mss_bytes` (optional)
/// is the link's TCP segment size, which coalesces a held-back subscriber's copies; without it every copy is a packet.
/// </summary>
public static class EgressShapingKeys
{
    public const string Bucket = "shaping_bucket_kb";
    public const string Queue = "shaping_queue_kb";
    public const string Rate = "shaping_rate_gbps";
    public const string Mss = "shaping_mss_bytes";

    /// <summary>The rate word for "the allowance in force" (burst while credit lasts, then baseline).</summary>
    public const string Allowance = "allowance";

    /// <summary>The shaping the map states (prefix + keys), key by key falling back on <paramref name="given"/>.
    /// </summary>
    /// <returns>null when neither key is there and nothing was given</returns>
    public static EgressShaping? Read(YamlMap map, string prefix, EgressShaping? given)
    {
        string bucketKey = prefix + Bucket;
        string queueKey = prefix + Queue;
        string rateKey = prefix + Rate;
        string mssKey = prefix + Mss;
        if (!map.Has(bucketKey) && !map.Has(queueKey) && !map.Has(rateKey) && !map.Has(mssKey))
        {
            return given;
        }
        if (given is null && !map.Has(bucketKey) && !map.Has(queueKey))
        {
            string lone = map.Has(rateKey) ? rateKey : mssKey;
            string what = map.Has(rateKey) ? "a shaping rate" : "a segment size";
            throw map.ValueError(lone, $"{what} needs {bucketKey} and {queueKey} too");
        }
        if (given is null && !(map.Has(bucketKey) && map.Has(queueKey)))
        {
            string missing = map.Has(bucketKey) ? queueKey : bucketKey;
            throw map.ValueError(map.Has(bucketKey) ? bucketKey : queueKey,
                $"a shaped egress needs both {bucketKey} and {queueKey} (the node states neither); add {missing}");
        }
        double bucket = map.Has(bucketKey) ? map.Number(bucketKey, min: 0) * 1000 : given!.BucketBytes;
        double queue = map.Has(queueKey) ? map.Number(queueKey, min: 0) * 1000 : given!.QueueBytes;
        double? rate = given?.RateGbps;
        if (map.Has(rateKey))
        {
            rate = map.String(rateKey) == Allowance ? null : map.Number(rateKey, min: 0, exclusiveMin: true);
        }
        double? mss = map.Has(mssKey) ? map.Int(mssKey, min: 1) : given?.MssBytes;
        return new EgressShaping(bucket, queue, rate, mss);
    }
}
