using System.Buffers;
using System.ComponentModel;
using Microsoft.Extensions.Caching.Hybrid;

namespace SolStake.GraphQL.Caching;

/// <summary>
/// A cached response's bytes, marked immutable: HybridCache keeps such a value itself in memory and returns that
/// instance on a hit. A bare <c>byte[]</c> is mutable to it, so it kept the bytes serialised and copied them on every
/// hit (325 KB per answer of every validator, on the large-object heap, at hundreds of hits a second).
/// The bytes are never written after the answer was serialised.
/// </summary>
[ImmutableObject(true)]
internal sealed class CachedAnswer(byte[] bytes)
{
    public byte[] Bytes { get; } = bytes;
}

/// <summary>Writes a <see cref="CachedAnswer"/> to the distributed level as its bytes alone, as a <c>byte[]</c> was written.</summary>
internal sealed class CachedAnswerSerializer : IHybridCacheSerializer<CachedAnswer>
{
    public CachedAnswer Deserialize(ReadOnlySequence<byte> source) => new(source.ToArray());

    public void Serialize(CachedAnswer value, IBufferWriter<byte> target) => target.Write(value.Bytes);
}
