using System.Globalization;
using SolStake.Core.Domain;
using SolStake.Core.Storage;

namespace SolStake.GraphQL.Schema;

/// <summary>How much a verdict asks of the staker.</summary>
internal enum VerdictLevel
{
    /// <summary>Nothing to do.</summary>
    Fine = 0,

    /// <summary>Worth knowing; nothing is lost yet.</summary>
    Watch = 1,

    /// <summary>The stake is losing rewards or is on a validator the score rules out.</summary>
    Act = 2,
}

/// <summary>One reason of a verdict: a stable code and the sentence shown to the staker.</summary>
internal sealed record StakeReason(string Code, VerdictLevel Level, string Text);

/// <summary>A verdict in words: its level, one summary sentence and the reasons behind it.</summary>
internal sealed record StakeVerdict(VerdictLevel Level, string Summary, IReadOnlyList<StakeReason> Reasons);

/// <summary>
/// The verdict on a stake account, and on a wallet, from the account's status and its validator's state and latest
/// score: what a staker reads on a phone, where the dashboard's hover tooltips never show.
/// </summary>
internal static class StakeVerdicts
{
    public static StakeVerdict ForAccount(StakeAccount account, ulong? epoch, ValidatorRecord? validator, TrustScoreRecord? score)
    {
        var reasons = new List<StakeReason>();
        var status = epoch is { } now ? account.StatusAt(now) : (StakeStatus?)null;
        switch (status)
        {
            case StakeStatus.Inactive when account.Voter is null:
                reasons.Add(new("NOT_DELEGATED", VerdictLevel.Watch, "Not delegated: it earns nothing until it is delegated."));
                break;
            case StakeStatus.Inactive:
                reasons.Add(new("INACTIVE", VerdictLevel.Watch, "Inactive: deactivated, it earns nothing and can be withdrawn or delegated again."));
                break;
            case StakeStatus.Deactivating:
                reasons.Add(new("DEACTIVATING", VerdictLevel.Watch, F($"Deactivating: it earns until epoch {account.DeactivationEpoch} ends, then nothing.")));
                break;
            case StakeStatus.Activating:
                reasons.Add(new("ACTIVATING", VerdictLevel.Fine, F($"Activating: it starts earning in epoch {account.ActivationEpoch + 1}.")));
                break;
        }

        // Where the stake is inactive its validator no longer matters to it.
        if (status is not StakeStatus.Inactive && account.Voter is not null)
        {
            AddValidatorReasons(reasons, validator, score);
        }

        var level = reasons.Count == 0 ? VerdictLevel.Fine : reasons.Max(r => r.Level);
        var summary = reasons.Where(r => r.Level == level).Select(r => r.Text).FirstOrDefault()
            ?? (score is { } s
                ? F($"Fine: active on a validator scoring {s.Score:0.##} of 100.")
                : "Fine: active.");
        return new StakeVerdict(level, summary, reasons);
    }

    public static StakeVerdict ForWallet(IReadOnlyList<StakeVerdict> accounts)
    {
        if (accounts.Count == 0)
        {
            return new StakeVerdict(VerdictLevel.Fine, "No stake accounts.", []);
        }

        var act = accounts.Count(a => a.Level == VerdictLevel.Act);
        var watch = accounts.Count(a => a.Level == VerdictLevel.Watch);
        var reasons = accounts.SelectMany(a => a.Reasons).Where(r => r.Level > VerdictLevel.Fine)
            .GroupBy(r => r.Code).Select(g => new StakeReason(g.Key, g.First().Level, F($"{g.Count()} account{(g.Count() == 1 ? "" : "s")}: {g.First().Text}")))
            .OrderByDescending(r => r.Level).ThenBy(r => r.Code, StringComparer.Ordinal).ToList();
        var summary = (act, watch) switch
        {
            (0, 0) => F($"All {accounts.Count} stake account{(accounts.Count == 1 ? " is" : "s are")} fine."),
            (0, _) => F($"{watch} of {accounts.Count} stake accounts to watch; none needs action."),
            _ => F($"{act} of {accounts.Count} stake account{(accounts.Count == 1 ? "" : "s")} need{(act == 1 ? "s" : "")} action") + (watch > 0 ? F($"; {watch} to watch.") : "."),
        };
        return new StakeVerdict(act > 0 ? VerdictLevel.Act : watch > 0 ? VerdictLevel.Watch : VerdictLevel.Fine, summary, reasons);
    }

    private static void AddValidatorReasons(List<StakeReason> reasons, ValidatorRecord? validator, TrustScoreRecord? score)
    {
        if (validator is null)
        {
            reasons.Add(new("UNKNOWN_VALIDATOR", VerdictLevel.Watch, "Delegated to a vote account SolStake does not know: it cannot be judged."));
            return;
        }

        if (validator.Delinquent)
        {
            reasons.Add(new("DELINQUENT", VerdictLevel.Act, "On a delinquent validator: it is not voting, so the stake earns nothing while it is down."));
        }

        if (score is null)
        {
            reasons.Add(new("NOT_SCORED", VerdictLevel.Watch, "Its validator has no score yet."));
            return;
        }

        var gates = score.Flags.Where(f => f.StartsWith("GATE:", StringComparison.Ordinal)).Select(f => f["GATE:".Length..]).ToList();
        if (score.State == "INELIGIBLE")
        {
            reasons.Add(new("INELIGIBLE", VerdictLevel.Act, F($"On an ineligible validator ({string.Join(", ", gates.Select(Words))}): the score rules it out.")));
        }
        else if (score.State == "UNRATED")
        {
            reasons.Add(new("UNRATED", VerdictLevel.Watch, "On a validator too new to rate: its record is short."));
        }

        if (score.Flags.Any(f => f.StartsWith("COMMISSION_INCREASE", StringComparison.Ordinal)) && !gates.Any(g => g.StartsWith("COMMISSION_RUG", StringComparison.Ordinal)))
        {
            reasons.Add(new("COMMISSION_RAISED", VerdictLevel.Watch, F($"Its validator raised its commission; it is {validator.Commission} now.")));
        }

        if (score.Flags.Any(f => f.StartsWith("SUPERMINORITY", StringComparison.Ordinal)) && !gates.Any(g => g.StartsWith("SUPERMINORITY", StringComparison.Ordinal)))
        {
            reasons.Add(new("SUPERMINORITY", VerdictLevel.Watch, "On a validator in the superminority: stake there concentrates the cluster's control."));
        }
    }

    // A gate as words: COMMISSION_RUG(752, 100%) -> commission rug (752, 100%).
    private static string Words(string gate)
    {
        var open = gate.IndexOf('(', StringComparison.Ordinal);
        var code = open < 0 ? gate : gate[..open];
        var words = code.ToLowerInvariant().Replace('_', ' ');
        return open < 0 ? words : words + " " + gate[open..];
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
