using System.Globalization;
using System.Text.Json;
using SolStake.Core.Domain;
using SolStake.Ingestion.Rpc.Json;

namespace SolStake.Ingestion.Rpc;

/// <summary>
/// Reads the jsonParsed account data of Config and Stake program accounts. Real responses mix parsed objects
/// with raw <c>["…", "base64"]</c> data the node could not parse, other Config account kinds, numbers sent as
/// strings and fields that are missing or null; what is not the expected kind is left out, never guessed.
/// </summary>
internal static class ProgramAccounts
{
    public static IReadOnlyList<PublishedValidatorInfo> ToValidatorInfo(List<ProgramAccountDto> accounts)
    {
        var result = new List<PublishedValidatorInfo>(accounts.Count);
        foreach (var account in accounts)
        {
            if (account.Pubkey is not { } pubkey || Parsed(account, "validatorInfo") is not { } info)
            {
                continue;
            }

            // keys[0] is the validator-info marker key; keys[1] is the identity that signed the info.
            if (!info.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Array || keys.GetArrayLength() < 2 ||
                !Pubkey.TryParse(String(keys[1], "pubkey"), out var identity))
            {
                continue;
            }

            var data = info.TryGetProperty("configData", out var c) && c.ValueKind == JsonValueKind.Object ? c : default;
            result.Add(new PublishedValidatorInfo
            {
                InfoAccount = pubkey,
                Identity = identity,
                Name = String(data, "name"),
                Website = String(data, "website"),
                Details = String(data, "details"),
                IconUrl = String(data, "iconUrl"),
                KeybaseUsername = String(data, "keybaseUsername"),
            });
        }

        return result;
    }

    public static IReadOnlyList<StakeAccount> ToStakeAccounts(List<ProgramAccountDto> accounts)
    {
        var result = new List<StakeAccount>(accounts.Count);
        foreach (var account in accounts)
        {
            if (account.Pubkey is not { } pubkey || account.Account?.Data is not { ValueKind: JsonValueKind.Object } data ||
                !data.TryGetProperty("parsed", out var parsed) || parsed.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            var state = String(parsed, "type") switch
            {
                "delegated" => StakeAccountState.Delegated,
                "initialized" => StakeAccountState.Initialized,
                "uninitialized" => StakeAccountState.Uninitialized,
                "rewardsPool" => StakeAccountState.RewardsPool,
                _ => (StakeAccountState?)null,
            };
            if (state is null)
            {
                continue;
            }

            var info = parsed.TryGetProperty("info", out var i) ? i : default;
            var meta = Child(info, "meta");
            var authorized = Child(meta, "authorized");
            var delegation = Child(Child(info, "stake"), "delegation");
            var deactivation = UInt64(delegation, "deactivationEpoch");
            result.Add(new StakeAccount
            {
                Pubkey = pubkey,
                Lamports = account.Account.Lamports,
                State = state.Value,
                Staker = Key(authorized, "staker"),
                Withdrawer = Key(authorized, "withdrawer"),
                Voter = Key(delegation, "voter"),
                DelegatedStake = UInt64(delegation, "stake"),
                ActivationEpoch = UInt64(delegation, "activationEpoch"),
                // u64::MAX means "not deactivating".
                DeactivationEpoch = deactivation == ulong.MaxValue ? null : deactivation,
                RentExemptReserve = UInt64(meta, "rentExemptReserve") ?? 0,
            });
        }

        return result;
    }

    private static JsonElement? Parsed(ProgramAccountDto account, string type) =>
        account.Account?.Data is { ValueKind: JsonValueKind.Object } data &&
        data.TryGetProperty("parsed", out var parsed) && parsed.ValueKind == JsonValueKind.Object &&
        String(parsed, "type") == type && parsed.TryGetProperty("info", out var info) && info.ValueKind == JsonValueKind.Object
            ? info
            : null;

    private static JsonElement Child(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var child) ? child : default;

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? (value.GetString() is { Length: > 0 } text ? text : null)
            : null;

    private static Pubkey? Key(JsonElement element, string name) => Pubkey.TryParse(String(element, name), out var key) ? key : null;

    private static ulong? UInt64(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetUInt64(out var n) => n,
            JsonValueKind.String when ulong.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) => n,
            _ => null,
        };
    }
}
