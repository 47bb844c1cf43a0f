using System.Buffers;

namespace SolStake.GraphQL.Http;

/// <summary>
/// A write-only stream over pooled 64 KiB chunks, for serialising an answer without a string, a copy per request or an
/// array on the large-object heap while it is written (a 1.3 MB answer written into one growing array left 2 MB and
/// 1 MB arrays behind it each time; the large-object heap grows until a full collection, and the process with it).
/// The answer leaves it once: copied to the response (<see cref="CopyToAsync(Stream, int, CancellationToken)"/>) or into
/// one exact array (<see cref="ToArray"/>, which the response cache keeps). A write past <paramref name="limit"/>
/// throws <see cref="AnswerTooLargeException"/>, and an asynchronous write observes its cancellation token, so a
/// serialiser writing into it stops at the answer's byte limit and its time budget. Hand-written because the served
/// libraries offer no pooled stream (RecyclableMemoryStream is another dependency for 100 lines); dispose to return
/// the chunks.
/// </summary>
internal sealed class PooledBufferStream(int limit = int.MaxValue) : Stream
{
    private const int ChunkSize = 64 * 1024;

    // A pool of its own, bounded: ArrayPool<byte>.Shared keeps arrays per thread and per core, so answers written on a
    // dozen threads leave chunks in each. Here at most 64 chunks are kept (4 MiB).
    private static readonly ArrayPool<byte> Pool = ArrayPool<byte>.Create(ChunkSize, 64);

    private readonly List<byte[]> _chunks = [];
    private int _length;

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

        while (!buffer.IsEmpty)
        {
            var used = _length % ChunkSize;
            if (used == 0 && _length / ChunkSize == _chunks.Count)
            {
                _chunks.Add(Pool.Rent(ChunkSize));
            }

            var room = ChunkSize - used;
            var part = buffer[..Math.Min(room, buffer.Length)];
            part.CopyTo(_chunks[^1].AsSpan(used));
            _length += part.Length;
            buffer = buffer[part.Length..];
        }
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

    /// <summary>What was written, as one array of exactly that length.</summary>
    public byte[] ToArray()
    {
        var copy = GC.AllocateUninitializedArray<byte>(_length);
        var at = 0;
        foreach (var (chunk, count) in Parts())
        {
            chunk.AsSpan(0, count).CopyTo(copy.AsSpan(at));
            at += count;
        }

        return copy;
    }

    /// <summary>Writes what was written to <paramref name="destination"/>, chunk by chunk.</summary>
    public override async Task CopyToAsync(Stream destination, int bufferSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        foreach (var (chunk, count) in Parts())
        {
            await destination.WriteAsync(chunk.AsMemory(0, count), cancellationToken).ConfigureAwait(false);
        }
    }

    private IEnumerable<(byte[] Chunk, int Count)> Parts()
    {
        for (var i = 0; i < _chunks.Count; i++)
        {
            yield return (_chunks[i], Math.Min(ChunkSize, _length - (i * ChunkSize)));
        }
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
        foreach (var chunk in _chunks)
        {
            Pool.Return(chunk);
        }

        _chunks.Clear();
        _length = 0;
        base.Dispose(disposing);
    }
}

/// <summary>An answer grew past its byte limit while it was written.</summary>
internal sealed class AnswerTooLargeException(int limit) : IOException($"The answer is larger than {limit} bytes.")
{
    public int Limit { get; } = limit;
}
