using System.Buffers.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using SolStake.Core.Domain;

namespace SolStake.Ingestion.Rpc.Json;

/// <summary>
/// Reads the <c>getVoteAccounts</c> result straight into domain types in one pass. It is the largest response
/// SolStake reads every cycle (about 1.5 MB on mainnet), and the metadata-driven path (a DTO per account, then a
/// copy) cost 2.4× a bare scan of the bytes; this converter keeps it near the scan (see benchmarks/results).
/// Numbers may come as JSON numbers or numeric strings; unknown properties are skipped; nulls are tolerated
/// wherever the field is optional.
/// </summary>
internal sealed class VoteAccountsJsonConverter : JsonConverter<VoteAccounts>
{
    public override VoteAccounts Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        Expect(ref reader, JsonTokenType.StartObject, "the result");
        VoteAccount[] current = [], delinquent = [];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("current"u8))
            {
                reader.Read();
                current = ReadList(ref reader, delinquent: false);
            }
            else if (reader.ValueTextEquals("delinquent"u8))
            {
                reader.Read();
                delinquent = ReadList(ref reader, delinquent: true);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new VoteAccounts(current, delinquent);
    }

    public override void Write(Utf8JsonWriter writer, VoteAccounts value, JsonSerializerOptions options) =>
        throw new NotSupportedException("SolStake reads vote accounts; it never writes them as RPC JSON.");

    private static VoteAccount[] ReadList(ref Utf8JsonReader reader, bool delinquent)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return [];
        }

        Expect(ref reader, JsonTokenType.StartArray, delinquent ? "'delinquent'" : "'current'");
        var list = new List<VoteAccount>(delinquent ? 64 : 2048);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            list.Add(ReadAccount(ref reader, delinquent, list.Count));
        }

        return [.. list];
    }

    private static VoteAccount ReadAccount(ref Utf8JsonReader reader, bool delinquent, int index)
    {
        Expect(ref reader, JsonTokenType.StartObject, $"vote account {index}");
        Pubkey? vote = null, node = null;
        ulong stake = 0, lastVote = 0, rootSlot = 0;
        ulong? percent = null, bps = null;
        var epochVoteAccount = false;
        List<EpochCredits>? credits = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueSpan;
            reader.Read();
            switch (name.Length)
            {
                case 10 when name.SequenceEqual("votePubkey"u8): vote = ReadPubkey(ref reader, "votePubkey"); break;
                case 10 when name.SequenceEqual("nodePubkey"u8): node = ReadPubkey(ref reader, "nodePubkey"); break;
                case 14 when name.SequenceEqual("activatedStake"u8): stake = ReadUInt64(ref reader) ?? 0; break;
                case 10 when name.SequenceEqual("commission"u8): percent = ReadUInt64(ref reader); break;
                case 29 when name.SequenceEqual("inflationRewardsCommissionBps"u8): bps = ReadUInt64(ref reader); break;
                case 16 when name.SequenceEqual("epochVoteAccount"u8): epochVoteAccount = reader.TokenType == JsonTokenType.True; break;
                case 8 when name.SequenceEqual("lastVote"u8): lastVote = ReadUInt64(ref reader) ?? 0; break;
                case 8 when name.SequenceEqual("rootSlot"u8): rootSlot = ReadUInt64(ref reader) ?? 0; break;
                case 12 when name.SequenceEqual("epochCredits"u8): credits = ReadCredits(ref reader); break;
                default: reader.Skip(); break;
            }
        }

        return new VoteAccount
        {
            VotePubkey = vote ?? throw new JsonException($"vote account {index} has no votePubkey"),
            NodePubkey = node ?? throw new JsonException($"vote account {index} ({vote}) has no nodePubkey"),
            ActivatedStake = stake,
            // Basis points win when served (SIMD-0291); the one-byte percentage is the fallback every node before it serves.
            Commission = (bps, percent) switch
            {
                ( <= Commission.MaxBasisPoints, _) => new Commission((ushort)bps.Value),
                (null, <= 100) => Commission.FromPercent((byte)percent.Value),
                (null, null) => throw new JsonException($"vote account {index} ({vote}) has no commission"),
                _ => throw new JsonException($"vote account {index} ({vote}) has a commission above 100%"),
            },
            EpochVoteAccount = epochVoteAccount,
            LastVote = lastVote,
            RootSlot = rootSlot,
            Delinquent = delinquent,
            EpochCredits = (IReadOnlyList<EpochCredits>?)credits ?? [],
        };
    }

    private static List<EpochCredits>? ReadCredits(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        Expect(ref reader, JsonTokenType.StartArray, "epochCredits");
        var list = new List<EpochCredits>(5);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            Expect(ref reader, JsonTokenType.StartArray, "an epochCredits entry");
            var epoch = ReadElement(ref reader);
            var credits = ReadElement(ref reader);
            var previous = ReadElement(ref reader);
            if (!reader.Read() || reader.TokenType != JsonTokenType.EndArray)
            {
                throw new JsonException("An epochCredits entry has more than three elements.");
            }

            list.Add(new EpochCredits(epoch, credits, previous));
        }

        return list;
    }

    private static ulong ReadElement(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType == JsonTokenType.EndArray)
        {
            throw new JsonException("An epochCredits entry has fewer than three elements.");
        }

        return ReadUInt64(ref reader) ?? throw new JsonException("An epochCredits element is null.");
    }

    private static Pubkey ReadPubkey(ref Utf8JsonReader reader, string field)
    {
        if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && !reader.HasValueSequence && Pubkey.TryParse(reader.ValueSpan, out var key))
        {
            return key;
        }

        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : reader.TokenType.ToString();
        return Pubkey.TryParse(text, out key) ? key : throw new JsonException($"{field} '{text}' is not a valid pubkey");
    }

    /// <summary>An unsigned 64-bit number given as a JSON number or a numeric string; null for JSON null.</summary>
    private static ulong? ReadUInt64(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number when reader.TryGetUInt64(out var value):
                return value;
            case JsonTokenType.String when !reader.ValueIsEscaped && !reader.HasValueSequence
                && Utf8Parser.TryParse(reader.ValueSpan, out ulong parsed, out var consumed) && consumed == reader.ValueSpan.Length:
                return parsed;
            default:
                throw new JsonException($"Expected an unsigned 64-bit number, found {reader.TokenType}.");
        }
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string what)
    {
        if (reader.TokenType != type)
        {
            throw new JsonException($"Expected {what} to be {type}, found {reader.TokenType}.");
        }
    }
}
