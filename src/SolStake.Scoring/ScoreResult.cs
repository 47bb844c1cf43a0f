using System.Globalization;
using System.Text.Json.Serialization;
using SolStake.Core.Domain;
using SolStake.Core.Storage;

namespace SolStake.Scoring;

/// <summary>A validator's standing.</summary>
/// <remarks>System.Text.Json writes and reads it as the API and the database spell it (<see cref="ScoreStateNames"/>).</remarks>
[JsonConverter(typeof(JsonStringEnumConverter<ScoreState>))]
public enum ScoreState
{
    /// <summary>Scored: the score is the sum of the factor points.</summary>
    [JsonStringEnumMemberName("ELIGIBLE")]
    Eligible,

    /// <summary>A gate applies: the score is 0, the raw breakdown stays visible.</summary>
    [JsonStringEnumMemberName("INELIGIBLE")]
    Ineligible,

    /// <summary>Too little history to rate; the score is provisional.</summary>
    [JsonStringEnumMemberName("UNRATED")]
    Unrated,
}

/// <summary>The factor keys of the breakdown.</summary>
public static class Factors
{
    /// <summary>Credits relative to the cluster median.</summary>
    public const string VoteEffectiveness = "VOTE_EFFECTIVENESS";
    /// <summary>Epochs without poor voting.</summary>
    public const string VoteReliability = "VOTE_RELIABILITY";
    /// <summary>Skip rate relative to the cluster.</summary>
    public const string BlockProduction = "BLOCK_PRODUCTION";
    /// <summary>The maximum commission in the window.</summary>
    public const string CommissionLevel = "COMMISSION_LEVEL";
    /// <summary>No raises, no end-of-epoch spikes.</summary>
    public const string CommissionStability = "COMMISSION_STABILITY";
    /// <summary>Stake share outside the superminority.</summary>
    public const string Decentralization = "DECENTRALIZATION";
    /// <summary>Epochs with credits.</summary>
    public const string TrackRecord = "TRACK_RECORD";
    /// <summary>Version against the client family's current version.</summary>
    public const string SoftwareVersion = "SOFTWARE_VERSION";
    /// <summary>Published validator info.</summary>
    public const string Transparency = "TRANSPARENCY";
    /// <summary>Brings a gated validator's total to 0.</summary>
    public const string EligibilityAdjustment = "ELIGIBILITY_ADJUSTMENT";
    /// <summary>Legacy: the share of observations voting.</summary>
    public const string Uptime = "UPTIME";
    /// <summary>Legacy: minus the commission in percent.</summary>
    public const string Commission = "COMMISSION";
    /// <summary>Legacy: keeps the total within 0 to 100.</summary>
    public const string Clamp = "CLAMP";
}

/// <summary>The gate and flag codes.</summary>
public static class Codes
{
    /// <summary>Gate: a commission above the rug threshold in stored history.</summary>
    public const string CommissionRug = "COMMISSION_RUG";
    /// <summary>Gate: 100 % commission now.</summary>
    public const string Private = "PRIVATE";
    /// <summary>Gate: a commission above the policy maximum in the window.</summary>
    public const string CommissionAbovePolicy = "COMMISSION_ABOVE_POLICY";
    /// <summary>Gate: not listed, or no credits in the last two completed epochs.</summary>
    public const string Inactive = "INACTIVE";
    /// <summary>Gate: in the caller's deny list.</summary>
    public const string Denylisted = "DENYLISTED";
    /// <summary>Flag, and a gate in JitoCompatible: in the superminority.</summary>
    public const string Superminority = "SUPERMINORITY";
    /// <summary>Gate in JitoCompatible and SfdpLike: voting below the profile's threshold.</summary>
    public const string PoorVoting = "POOR_VOTING";
    /// <summary>Gate in SfdpLike: stake above the cap.</summary>
    public const string StakeAboveCap = "STAKE_ABOVE_CAP";
    /// <summary>Flag: delinquent now.</summary>
    public const string DelinquentNow = "DELINQUENT_NOW";
    /// <summary>Flag: an epoch with poor voting.</summary>
    public const string PoorVotingEpoch = "POOR_VOTING_EPOCH";
    /// <summary>Flag: the current epoch's voting is below the live minimum.</summary>
    public const string LiveVotingBelow70Pct = "LIVE_VOTING_BELOW_70PCT";
    /// <summary>Flag: a commission raise in the window.</summary>
    public const string CommissionIncrease = "COMMISSION_INCREASE";
    /// <summary>Flag: an end-of-epoch commission spike.</summary>
    public const string CommissionSpike = "COMMISSION_SPIKE";
    /// <summary>Flag: skip rate well above the cluster's.</summary>
    public const string HighSkip = "HIGH_SKIP";
    /// <summary>Flag: no leader slots in the window.</summary>
    public const string NoLeaderSlots = "NO_LEADER_SLOTS";
    /// <summary>Flag, and a gate in SfdpLike: older than the family's current version.</summary>
    public const string OutdatedVersion = "OUTDATED_VERSION";
    /// <summary>Flag: not in gossip.</summary>
    public const string NoGossip = "NO_GOSSIP";
    /// <summary>Flag: the node reports a version that cannot be read.</summary>
    public const string UnknownVersion = "UNKNOWN_VERSION";
    /// <summary>Flag: the node's version is readable but in no client's scheme known here (not judged).</summary>
    public const string UnknownClient = "UNKNOWN_CLIENT";
    /// <summary>Flag: fewer completed epochs with credits than a rating needs.</summary>
    public const string NewValidator = "NEW_VALIDATOR";
    /// <summary>Flag: validator info was not collected.</summary>
    public const string NoValidatorInfo = "NO_VALIDATOR_INFO";
    /// <summary>Flag: no block-production data in the window for anyone.</summary>
    public const string NoBlockData = "NO_BLOCK_DATA";
}

/// <summary>One line of a breakdown: a factor's points out of its maximum, and why.</summary>
/// <remarks>
/// Points are kept as whole hundredths, so that lines add up to the score exactly; the detail text is built from
/// the line's numbers when it is read, off the scoring hot path, and can be built again from stored numbers with
/// <see cref="Restore"/>.
/// </remarks>
public readonly struct BreakdownLine
{
    // Either the finished detail text or the formatter that builds it from this line.
    private readonly object _detail;

    internal BreakdownLine(string factor, int pointsHundredths, int maxHundredths, double value, double? reference, BreakdownCondition condition, Func<BreakdownLine, string> describe)
    {
        Factor = factor;
        PointsHundredths = pointsHundredths;
        MaxHundredths = maxHundredths;
        Value = value;
        Reference = reference;
        Condition = condition;
        _detail = describe;
    }

    internal BreakdownLine(string factor, int pointsHundredths, int maxHundredths, string detail)
    {
        Factor = factor;
        PointsHundredths = pointsHundredths;
        MaxHundredths = maxHundredths;
        _detail = detail;
    }

    /// <summary>The factor key (see <see cref="Factors"/>).</summary>
    public string Factor { get; }

    /// <summary>Points earned, to two decimals (negative for adjustments).</summary>
    public decimal Points => Hundredths.ToDecimal(PointsHundredths);

    /// <summary>The factor's maximum.</summary>
    public decimal MaxPoints => Hundredths.ToDecimal(MaxHundredths);

    /// <summary>The measured value behind the points (a ratio, a share, a count), for display.</summary>
    public double Value { get; }

    /// <summary>What the value was compared with (the cluster's skip rate, the superminority's threshold, a count of epochs); null where there is nothing to compare with.</summary>
    public double? Reference { get; }

    /// <summary>What kept the factor from being measured as usual (no block data, in the superminority, not in gossip, …), or <see cref="BreakdownCondition.None"/>.</summary>
    public BreakdownCondition Condition { get; }

    /// <summary>Whether the line carries its numbers (<see cref="Value"/>, <see cref="Reference"/>, <see cref="Condition"/>) and its detail is written from them; false for a line whose detail is text only (the eligibility adjustment, the legacy clamp).</summary>
    public bool HasMeasure => _detail is Func<BreakdownLine, string>;

    /// <summary>A short human-readable explanation.</summary>
    public string Detail => _detail as string ?? ((Func<BreakdownLine, string>)_detail)(this);

    internal int PointsHundredths { get; }

    internal int MaxHundredths { get; }

    /// <summary>Whether <see cref="Restore"/> can write the detail of lines of <paramref name="factor"/>.</summary>
    public static bool CanRestore(string factor) => Describe.Of(factor) is not null;

    /// <summary>
    /// A line rebuilt from stored numbers, whose <see cref="Detail"/> is the text the model wrote for them (byte for
    /// byte): what lets a store keep the numbers of a breakdown and not its text.
    /// </summary>
    /// <exception cref="ArgumentException">The factor's detail is not written from numbers (see <see cref="CanRestore"/>), or points are not in hundredths.</exception>
    public static BreakdownLine Restore(string factor, decimal points, decimal maxPoints, double value, double? reference, BreakdownCondition condition)
    {
        var describe = Describe.Of(factor) ?? throw new ArgumentException($"The detail of '{factor}' lines is not written from numbers; keep its text.", nameof(factor));
        return new BreakdownLine(factor, Hundredths.Exact(points, nameof(points)), Hundredths.Exact(maxPoints, nameof(maxPoints)), value, reference, condition, describe);
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Factor} {Points}/{MaxPoints}: {Detail}");
}

/// <summary>Points as whole hundredths.</summary>
internal static class Hundredths
{
    /// <summary>Rounds to hundredths, half away from zero; not-a-number counts as 0.</summary>
    public static int From(double points) => double.IsFinite(points) ? (int)Math.Round(points * 100, MidpointRounding.AwayFromZero) : 0;

    /// <summary>Whole hundredths of <paramref name="points"/>, which must have no more than two decimals.</summary>
    public static int Exact(decimal points, string argument)
    {
        var hundredths = points * 100;
        return decimal.Truncate(hundredths) == hundredths && Math.Abs(hundredths) <= int.MaxValue
            ? (int)hundredths
            : throw new ArgumentException($"Points are kept in hundredths; {points} has more decimals.", argument);
    }

    /// <summary>The decimal with no more decimals than it needs (15, 7.5, 1.67).</summary>
    public static decimal ToDecimal(int hundredths) =>
        hundredths % 100 == 0 ? hundredths / 100
        : hundredths % 10 == 0 ? new decimal(Math.Abs(hundredths / 10), 0, 0, hundredths < 0, 1)
        : new decimal(Math.Abs(hundredths), 0, 0, hundredths < 0, 2);
}

/// <summary>A flag or gate reason, with the epoch it concerns where there is one.</summary>
public readonly record struct ScoreFlag(string Code, ulong? Epoch = null, string? Detail = null)
{
    /// <summary>What marks a gate in the text form (<see cref="ValidatorScore.FlagTexts"/>): <c>GATE:</c>.</summary>
    public const string GatePrefix = "GATE:";

    /// <inheritdoc />
    public override string ToString() => (Epoch, Detail) switch
    {
        (null, null) => Code,
        (null, _) => $"{Code}({Detail})",
        (_, null) => string.Create(CultureInfo.InvariantCulture, $"{Code}({Epoch})"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{Code}({Epoch}, {Detail})"),
    };
}

/// <summary>A validator's score under one profile.</summary>
public sealed class ValidatorScore
{
    internal ValidatorScore(Pubkey voteAccount, ScoreState state, int scoreHundredths, BreakdownLine[] breakdown, ScoreFlag[] flags, ScoreFlag[] gates, ScoringProfile profile, ScoreMetrics metrics)
    {
        VoteAccount = voteAccount;
        State = state;
        Score = Hundredths.ToDecimal(scoreHundredths);
        Breakdown = breakdown;
        Flags = flags;
        Gates = gates;
        Profile = profile.Name;
        ModelVersion = profile.ModelVersion;
        Metrics = metrics;
    }

    /// <summary>The vote account scored.</summary>
    public Pubkey VoteAccount { get; }

    /// <summary>Eligible, ineligible or unrated.</summary>
    public ScoreState State { get; }

    /// <summary>0 to 100, two decimals; exactly the sum of the breakdown's points.</summary>
    public decimal Score { get; }

    /// <summary>The factor lines (and the eligibility adjustment of a gated validator).</summary>
    public IReadOnlyList<BreakdownLine> Breakdown { get; }

    /// <summary>Soft flags that explain the breakdown.</summary>
    public IReadOnlyList<ScoreFlag> Flags { get; }

    /// <summary>The gates that made the validator ineligible; empty when eligible.</summary>
    public IReadOnlyList<ScoreFlag> Gates { get; }

    /// <summary>The profile's name.</summary>
    public string Profile { get; }

    /// <summary>The formula's version.</summary>
    public string ModelVersion { get; }

    /// <summary>The measurements behind the score, for rankings and display.</summary>
    public ScoreMetrics Metrics { get; }

    /// <summary>
    /// The gates and flags as text, each once: the gates first, each marked <see cref="ScoreFlag.GatePrefix"/>
    /// (<c>GATE:SUPERMINORITY</c>, so a code that is a gate under one profile and a flag under another reads as what
    /// it is here), then the flags (<c>COMMISSION_INCREASE(1010, 5% -> 7%)</c>). What the API serves as <c>flags</c>.
    /// </summary>
    public IReadOnlyList<string> FlagTexts() =>
        [.. Gates.Select(static g => ScoreFlag.GatePrefix + g.ToString()), .. Flags.Select(static f => f.ToString())];
}

/// <summary>The measurements behind a score.</summary>
/// <param name="CreditRatio">Mean credits relative to the cluster median over the window (Q); 0 without data.</param>
/// <param name="AbsoluteCreditRatio">Jito's window ratio, credits ÷ (16 × cluster blocks); null without block data.</param>
/// <param name="SkipRate">Pooled skip rate over the window, after small-sample handling.</param>
/// <param name="MaxCommission">The highest commission in the window (current included).</param>
/// <param name="StakeShare">Share of all active stake.</param>
/// <param name="Age">Completed epochs with credits.</param>
/// <param name="InSuperminority">Whether the validator is in the superminority.</param>
public readonly record struct ScoreMetrics(double CreditRatio, double? AbsoluteCreditRatio, double SkipRate, Commission MaxCommission, double StakeShare, int Age, bool InSuperminority);

/// <summary>The scores of one run.</summary>
public sealed class ScoringRunResult
{
    internal ScoringRunResult(ScoringProfile profile, ValidatorScore[] scores, ClusterSummary cluster)
    {
        Profile = profile;
        Scores = scores;
        Cluster = cluster;
    }

    /// <summary>The profile used.</summary>
    public ScoringProfile Profile { get; }

    /// <summary>One score per input validator, in input order.</summary>
    public IReadOnlyList<ValidatorScore> Scores { get; }

    /// <summary>The cluster statistics the scores were measured against.</summary>
    public ClusterSummary Cluster { get; }
}

/// <summary>Cluster statistics computed once per run.</summary>
/// <param name="WindowStart">The first epoch of the window.</param>
/// <param name="WindowEnd">The last completed epoch of the window.</param>
/// <param name="TotalStake">Active stake of every vote account, in lamports.</param>
/// <param name="SuperminoritySize">How many validators hold more than a third of the stake.</param>
/// <param name="ClusterSkipRate">Slot-weighted skip rate over the window; null without block data.</param>
public sealed record ClusterSummary(ulong WindowStart, ulong WindowEnd, ulong TotalStake, int SuperminoritySize, double? ClusterSkipRate);
