using System.Buffers;

namespace SolStake.GraphQL.Http;

/// <summary>
/// A write-only stream over arrays rented from <see cref="ArrayPool{T}.Shared"/>, for serialising an answer without
/// a string and a copy per request (a 300 KB answer was a 600 KB string, then 300 KB of bytes, both on the large object
/// heap). Hand-written because the served libraries offer no pooled stream (RecyclableMemoryStream is another
/// dependency for 60 lines); return the array with <see cref="Dispose(bool)"/>. A write past <paramref name="limit"/>
/// throws <see cref="AnswerTooLargeException"/>, and an asynchronous write observes its cancellation token, so a
/// serialiser writing into it stops at the answer's byte limit and its time budget.
/// </summary>
internal sealed class PooledBufferStream(int limit = int.MaxValue) : Stream
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
    private int _length;

    public ReadOnlyMemory<byte> Written => _buffer.AsMemory(0, _length);

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _length;

    public override long Position { get => _length; set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (buffer.Length > limit - _length)
        {
            throw new AnswerTooLargeException(limit);
        }

        if (_length + buffer.Length > _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + buffer.Length));
            _buffer.AsSpan(0, _length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        buffer.CopyTo(_buffer.AsSpan(_length));
        _length += buffer.Length;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
            _length = 0;
        }

        base.Dispose(disposing);
    }
}

/// <summary>An answer grew past its byte limit while it was written.</summary>
internal sealed class AnswerTooLargeException(int limit) : IOException($"The answer is larger than {limit} bytes.")
{
    public int Limit { get; } = limit;
}
