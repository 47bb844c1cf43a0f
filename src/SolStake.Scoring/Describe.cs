using System.Globalization;
using SolStake.Core.Storage;

namespace SolStake.Scoring;

/// <summary>
/// The human-readable details of breakdown lines, built from the numbers each line keeps when a caller reads
/// <see cref="BreakdownLine.Detail"/>, so that formatting text stays off the scoring hot path.
/// </summary>
internal static class Describe
{
    // What a line without a measure says after its reason: one meaning of neutral (TrustScorer.NeutralShare).
    private const string Neutral = ": not measured, neutral (half the points)";

    private const string DelinquentNow = "delinquent now: no points, whatever the window's credits";

    // Lines stored before the conditions NoVotingHistory and Delinquent existed say what they said then (Reference 0).
    public static readonly Func<BreakdownLine, string> VoteEffectiveness = l => l.Condition switch
    {
        BreakdownCondition.NoVotingHistory => "no completed epoch with credits to judge" + Neutral,
        BreakdownCondition.Delinquent => DelinquentNow,
        _ when l.Reference == 0 => "no completed epoch with credits to compare",
        _ => F($"credits averaged {l.Value:P1} of the cluster's stake-weighted median over {l.Reference:0} epochs"),
    };

    public static readonly Func<BreakdownLine, string> VoteReliability = l => l.Condition switch
    {
        BreakdownCondition.NoVotingHistory => "no completed epoch with credits to judge" + Neutral,
        BreakdownCondition.Delinquent => DelinquentNow,
        BreakdownCondition.LiveVotingLow => F($"credits this epoch {l.Value:P0} of the cluster's median, below {l.Reference:P0}: no points"),
        _ when l.Reference == 0 => "no completed epoch with credits to judge",
        _ => F($"{l.Value:0} of {l.Reference:0} epochs with poor voting"),
    };

    public static readonly Func<BreakdownLine, string> BlockProduction = l => l.Condition switch
    {
        BreakdownCondition.NoBlockData => "no block-production data in the window" + Neutral,
        BreakdownCondition.NoLeaderSlots => "no leader slot in the window" + Neutral,
        _ => F($"skip rate {l.Value:P1} against the cluster's {l.Reference:P1}"),
    };

    public static readonly Func<BreakdownLine, string> CommissionLevel = l =>
        F($"highest commission in the window {l.Value:0.##}% (no points at {l.Reference:0.##}%)");

    public static readonly Func<BreakdownLine, string> CommissionStability = l => l.Condition == BreakdownCondition.CommissionRug
        ? F($"commission once raised to {l.Value:0.##}%, past the rug threshold of {l.Reference:0.##}%: no points")
        : l.Reference > 0
        ? F($"{l.Reference:0} end-of-epoch commission spike(s)")
        : l.Value == 0 ? "no commission raise in the window" : F($"{l.Value:0} commission raise(s) in the window");

    public static readonly Func<BreakdownLine, string> Decentralization = l => l.Condition == BreakdownCondition.InSuperminority
        ? F($"{l.Value:P2} of stake: in the superminority")
        : F($"{l.Value:P2} of stake; the superminority starts at {l.Reference:P2}");

    public static readonly Func<BreakdownLine, string> TrackRecord = l => F($"{l.Value:0} epochs with credits (full points at {l.Reference:0})");

    // The client is kept as the line's reference (ValidatorClient as a number); lines stored before it say "the client family's".
    public static readonly Func<BreakdownLine, string> SoftwareVersion = l => (l.Condition, l.Value) switch
    {
        (BreakdownCondition.NotInGossip, _) => "not in gossip" + Neutral,
        (BreakdownCondition.VersionUnreadable, _) => "version unreadable" + Neutral,
        (BreakdownCondition.UnknownClient, _) => "a version of no client known here" + Neutral,
        (BreakdownCondition.NoStakedPeers, _) => F($"no staked {ClientOf(l)} node to compare with") + Neutral,
        (_, 1) => F($"runs {ClientOf(l)}'s current version or newer"),
        (_, 0.5) => F($"same minor release as {ClientOf(l)}'s current version, older patch"),
        _ => F($"older than {ClientOf(l)}'s current minor release"),
    };

    private static string ClientOf(BreakdownLine line) => line.Reference is { } client and > 0
        ? ValidatorClients.NameOf((ValidatorClient)(int)client)
        : "the client family";

    public static readonly Func<BreakdownLine, string> Transparency = l => l.Condition == BreakdownCondition.NoValidatorInfo
        ? "validator info not collected" + Neutral
        : F($"{l.Value:0} of 4 validator-info fields published");

    public static readonly Func<BreakdownLine, string> Uptime = l => l.Reference == 0
        ? (l.Value >= 100 ? "no observations yet: voting now" : "no observations yet: delinquent now")
        : F($"voting in {l.Value:0.##}% of {l.Reference:0} observations");

    public static readonly Func<BreakdownLine, string> LegacyCommission = l => F($"commission {l.Value:0.##}% subtracted");

    /// <summary>The formatter of a factor's lines; null for lines whose detail is text only.</summary>
    public static Func<BreakdownLine, string>? Of(string factor) => factor switch
    {
        Factors.VoteEffectiveness => VoteEffectiveness,
        Factors.VoteReliability => VoteReliability,
        Factors.BlockProduction => BlockProduction,
        Factors.CommissionLevel => CommissionLevel,
        Factors.CommissionStability => CommissionStability,
        Factors.Decentralization => Decentralization,
        Factors.TrackRecord => TrackRecord,
        Factors.SoftwareVersion => SoftwareVersion,
        Factors.Transparency => Transparency,
        Factors.Uptime => Uptime,
        Factors.Commission => LegacyCommission,
        _ => null,
    };

    public static string Adjustment(List<ScoreFlag> gates) => "ineligible: " + string.Join(", ", gates);

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
