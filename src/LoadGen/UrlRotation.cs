namespace FanoutSim.LoadGen;

/// <summary>
/// Spreads new connections round-robin over the server urls: the stand-in for the reference's load
/// balancer in front of `tasks` server processes. Thread-safe; every dial takes the next url.
/// </summary>
public sealed class UrlRotation
{
    private readonly IReadOnlyList<Uri> _urls;
    private long _next = -1;

    public UrlRotation(IReadOnlyList<Uri> urls)
    {
        if (urls.Count == 0)
        {
            throw new ArgumentException("at least one url is needed", nameof(urls));
        }
        _urls = urls;
    }

    public Uri Next() => _urls[NextIndex()];

    /// <summary>The index of the next url (the server process the dial goes to).</summary>
    public int NextIndex()
    {
        long n = Interlocked.Increment(ref _next);
        return (int)(n % _urls.Count);
    }
}
