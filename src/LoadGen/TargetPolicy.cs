using System.Net;

namespace FanoutSim.LoadGen;

/// <summary>
/// Keeps load on this machine: a url must be loopback (127.0.0.0/8, ::1, localhost) unless the caller
/// vouches that the address lives in a network namespace it created.
/// </summary>
public static class TargetPolicy
{
    public static bool IsLoopback(string host)
    {
        string h = host.Trim('[', ']');
        if (string.Equals(h, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        return IPAddress.TryParse(h, out IPAddress? ip) && IPAddress.IsLoopback(ip);
    }

    /// <summary>Returns null when the url is acceptable, else why not.</summary>
    public static string? Check(string url, bool allowNamespaceAddress, out Uri? uri)
    {
        uri = null;
        if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? parsed))
        {
            return $"'{url}' is not an absolute url; expected ws://127.0.0.1:PORT/ws/ROOM";
        }
        if (parsed.Scheme != "ws" && parsed.Scheme != "wss")
        {
            return $"'{url}' has scheme '{parsed.Scheme}'; expected ws:// (or wss://)";
        }
        if (!allowNamespaceAddress && !IsLoopback(parsed.Host))
        {
            return $"'{url}' is not a loopback address (127.0.0.0/8, ::1 or localhost); "
                + "pass --allow-namespace-address only for an address inside a network namespace you created";
        }
        uri = parsed;
        return null;
    }
}
