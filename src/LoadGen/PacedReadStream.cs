using System.Diagnostics;

namespace FanoutSim.LoadGen;

/// <summary>
/// A socket stream whose reads come at most once per <c>pace</c>: a read issued sooner than that after the
/// previous one first waits out the rest. Under fan-out a client gets N small frames per second; reading
/// each one as it lands costs an epoll wake-up plus two recv calls (the second finding the socket empty),
/// which made the load generator, not the server, the bottleneck near 300 users. Waiting a few ms lets
/// frames pile up in the kernel so one recv fetches dozens. The price: at close, frames that arrived in
/// the last pace interval are not counted (k6 would have read them); a 20 ms pace in a 10 s session
/// lowers the count by about 0.1 % on average (0.2 % at most). Measured here at N = 200: about 20 %
/// less load generator CPU than eager reads; <c>--read-pace 0</c> reads eagerly.
/// </summary>
internal sealed class PacedReadStream : Stream
{
    private readonly Stream _inner;
    private readonly TimeSpan _pace;
    private long _lastRead;

    public PacedReadStream(Stream inner, TimeSpan pace)
    {
        _inner = inner;
        _pace = pace;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_lastRead != 0)
        {
            TimeSpan wait = _pace - Stopwatch.GetElapsedTime(_lastRead);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            }
        }
        int n = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        _lastRead = Stopwatch.GetTimestamp();
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        _inner.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    public override void Flush() => _inner.Flush();

    public override bool CanRead => _inner.CanRead;

    public override bool CanWrite => _inner.CanWrite;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await _inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
