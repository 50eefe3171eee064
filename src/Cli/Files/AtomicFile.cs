using System.Text;

namespace FanoutSim.Cli.Files;

/// <summary>
/// Writes a file so that readers see the old content or the new one, never half of it; a failure leaves no temp
/// file and is an <see cref="OutputException"/>.
/// </summary>
public static class AtomicFile
{
    public static void WriteAllText(string path, string content) =>
        WriteAllBytes(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(content));

    public static void WriteAllBytes(string path, byte[] content) =>
        Write(path, temp => File.WriteAllBytes(temp, content));

    /// <summary>Lets <paramref name="write"/> fill a temp file beside <paramref name="path"/>, then moves it in.
    /// </summary>
    public static void Write(string path, Action<string> write)
    {
        string full = Path.GetFullPath(path);
        string temp = full + ".tmp-" + Environment.ProcessId + Path.GetExtension(full);
        try
        {
            string? dir = Path.GetDirectoryName(full);
            if (!string.IsNullOrEmpty(dir))
            {
                Directory.CreateDirectory(dir);
            }
            write(temp);
            File.Move(temp, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputException($"cannot write '{path}': {e.Message}");
        }
        finally
        {
            TryDelete(temp);
        }
    }

    private static void TryDelete(string temp)
    {
        try
        {
            File.Delete(temp);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing more can be done; the write itself already failed or succeeded.
        }
    }
}
