using SolStake.Core.Domain;

namespace SolStake.Scoring;

/// <summary>Which formula a profile uses.</summary>
public enum ScoringModel
{
    /// <summary>TrustScore v2: nine additive factors, gates and flags.</summary>
    TrustScoreV2,

    /// <summary>The legacy formula <c>clamp(uptime − commission%, 0, 100)</c>, with uptime defined properly.</summary>
    Legacy,
}

/// <summary>How equal scores are ordered in a ranking.</summary>
public enum RankingTieBreak
{
    /// <summary>Lower maximum commission, then the higher credit ratio to the cluster median.</summary>
    Default,

    /// <summary>Jito StakeNet's lexicographic order: lower maximum commission, then older, then the higher absolute credit ratio.</summary>
    Jito,
}

/// <summary>
/// Every parameter of the score, named, with the defaults of TrustScore v2. Profiles are
/// immutable; derive a custom one with <c>with { ... }</c>.
/// </summary>
public sealed record ScoringProfile
{
    /// <summary>The profile's name, stored with every score.</summary>
    public required string Name { get; init; }

    /// <summary>The formula.</summary>
    public ScoringModel Model { get; init; } = ScoringModel.TrustScoreV2;

    /// <summary>The number of completed epochs the factors look at.</summary>
    public int WindowEpochs { get; init; } = 10;

    /// <summary>Maximum points of <c>VOTE_EFFECTIVENESS</c>.</summary>
    public double VoteEffectivenessMax { get; init; } = 25;

    /// <summary>Maximum points of <c>VOTE_RELIABILITY</c>.</summary>
    public double VoteReliabilityMax { get; init; } = 10;

    /// <summary>Maximum points of <c>BLOCK_PRODUCTION</c>.</summary>
    public double BlockProductionMax { get; init; } = 15;

    /// <summary>Maximum points of <c>COMMISSION_LEVEL</c>.</summary>
    public double CommissionLevelMax { get; init; } = 15;

    /// <summary>Maximum points of <c>COMMISSION_STABILITY</c>.</summary>
    public double CommissionStabilityMax { get; init; } = 5;

    /// <summary>Maximum points of <c>DECENTRALIZATION</c>.</summary>
    public double DecentralizationMax { get; init; } = 15;

    /// <summary>Maximum points of <c>TRACK_RECORD</c>.</summary>
    public double TrackRecordMax { get; init; } = 5;

    /// <summary>Maximum points of <c>SOFTWARE_VERSION</c>.</summary>
    public double SoftwareVersionMax { get; init; } = 5;

    /// <summary>Maximum points of <c>TRANSPARENCY</c>.</summary>
    public double TransparencyMax { get; init; } = 5;

    /// <summary>Mean credit ratio to the cluster median at which vote-effectiveness points start.</summary>
    public double VoteRatioFloor { get; init; } = 0.85;

    /// <summary>Mean credit ratio at which vote effectiveness earns every point.</summary>
    public double VoteRatioFull { get; init; } = 1.0;

    /// <summary>An epoch whose credit ratio to the cluster median is below this is a poor voting epoch.</summary>
    public double PoorEpochRelativeRatio { get; init; } = 0.90;

    /// <summary>An epoch whose credits are below this share of 16 × the cluster's blocks is a poor voting epoch.</summary>
    public double PoorEpochAbsoluteRatio { get; init; } = 0.97;

    /// <summary>Once <see cref="LiveVotingAfterProgress"/> of the epoch has passed, a live ratio below this zeroes reliability.</summary>
    public double LiveVotingMinimumRatio { get; init; } = 0.70;

    /// <summary>How much of the current epoch must pass before the live voting ratio counts.</summary>
    public double LiveVotingAfterProgress { get; init; } = 0.5;

    /// <summary>Skip rate above the cluster's at which block production earns nothing.</summary>
    public double SkipGrace { get; init; } = 0.10;

    /// <summary>Below this many leader slots in the window, a validator's skip rate is capped at the cluster's.</summary>
    public ulong SmallSampleLeaderSlots { get; init; } = 200;

    /// <summary>Skip rate above the cluster's that raises <c>HIGH_SKIP</c>.</summary>
    public double HighSkipMargin { get; init; } = 0.05;

    /// <summary>The maximum commission in the window at which commission level earns nothing.</summary>
    public Commission CommissionScale { get; init; } = Commission.FromPercent(10);

    /// <summary>Points lost per upward commission change in the window.</summary>
    public double CommissionIncreasePenalty { get; init; } = 2.5;

    /// <summary>A commission raised after this share of an epoch and lowered again within the next is a spike.</summary>
    public double LateEpochShare { get; init; } = 0.9;

    /// <summary>A commission above this anywhere in the stored history gates <c>COMMISSION_RUG</c>.</summary>
    public Commission RugThreshold { get; init; } = Commission.FromPercent(50);

    /// <summary>A commission above this in the window gates <c>COMMISSION_ABOVE_POLICY</c>.</summary>
    public Commission PolicyMaximum { get; init; } = Commission.FromPercent(10);

    /// <summary>The share of all stake the superminority exceeds.</summary>
    public double SuperminorityShare { get; init; } = 1.0 / 3.0;

    /// <summary>Epochs with credits at which track record earns every point.</summary>
    public int TrackRecordFullEpochs { get; init; } = 30;

    /// <summary>Stake share (newest version first) that defines a client family's current version.</summary>
    public double CurrentVersionStakeShare { get; init; } = 0.66;

    /// <summary>Completed epochs with credits below which a validator is <c>UNRATED</c>.</summary>
    public int MinimumRatedEpochs { get; init; } = 3;

    /// <summary>Gate superminority members (<c>SUPERMINORITY</c>), as Jito does.</summary>
    public bool GateSuperminority { get; init; }

    /// <summary>Gate any window epoch below <see cref="PoorEpochAbsoluteRatio"/> of 16 × blocks (<c>POOR_VOTING</c>), as Jito does.</summary>
    public bool GatePoorAbsoluteVoting { get; init; }

    /// <summary>Gate last-epoch credits below this share of the cluster mean (<c>POOR_VOTING</c>), as SFDP does.</summary>
    public double? MinimumLastEpochShareOfClusterMean { get; init; }

    /// <summary>Gate versions older than the family's current version (<c>OUTDATED_VERSION</c>), as SFDP does.</summary>
    public bool GateOutdatedVersion { get; init; }

    /// <summary>Gate stake above this many lamports (<c>STAKE_ABOVE_CAP</c>), as SFDP does.</summary>
    public ulong? MaximumStake { get; init; }

    /// <summary>How a ranking orders equal scores.</summary>
    public RankingTieBreak TieBreak { get; init; } = RankingTieBreak.Default;

    /// <summary>
    /// The version of the formula, stored with every score. 2.1: pre-release versions (<c>4.2.0-rc.1</c>) are read and
    /// judged against the current version, not scored as unreadable.
    /// </summary>
    public string ModelVersion => Model == ScoringModel.Legacy ? "legacy-1" : "trustscore-v2.2";

    /// <summary>The design's default profile.</summary>
    public static ScoringProfile Default { get; } = new() { Name = "Default" };

    /// <summary>Reproduces Jito StakeNet's filters: 30-epoch window, 5 % policy, absolute voting and superminority gates.</summary>
    public static ScoringProfile JitoCompatible { get; } = new()
    {
        Name = "JitoCompatible",
        WindowEpochs = 30,
        PolicyMaximum = Commission.FromPercent(5),
        GatePoorAbsoluteVoting = true,
        GateSuperminority = true,
        TieBreak = RankingTieBreak.Jito,
    };

    /// <summary>Reproduces the Solana Foundation Delegation Program's filters.</summary>
    public static ScoringProfile SfdpLike { get; } = new()
    {
        Name = "SfdpLike",
        PolicyMaximum = Commission.FromPercent(5),
        MinimumLastEpochShareOfClusterMean = 0.97,
        GateOutdatedVersion = true,
        MaximumStake = 1_000_000UL * 1_000_000_000UL,
    };

    /// <summary>The legacy formula, <c>clamp(uptime − commission%, 0, 100)</c>, for clients that depend on it.</summary>
    public static ScoringProfile Legacy { get; } = new() { Name = "Legacy", Model = ScoringModel.Legacy };

    /// <summary>The four built-in profiles.</summary>
    public static IReadOnlyList<ScoringProfile> BuiltIn { get; } = [Default, JitoCompatible, SfdpLike, Legacy];

    /// <summary>Returns what is wrong with the parameters, or nothing.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Name)) errors.Add("Name is required.");
        if (WindowEpochs is < 1 or > 64) errors.Add($"WindowEpochs must be 1 to 64; got {WindowEpochs}.");
        double[] maxima = [VoteEffectivenessMax, VoteReliabilityMax, BlockProductionMax, CommissionLevelMax, CommissionStabilityMax, DecentralizationMax, TrackRecordMax, SoftwareVersionMax, TransparencyMax];
        if (maxima.Any(m => m < 0 || !double.IsFinite(m))) errors.Add("Factor maxima must be finite and non-negative.");
        if (Model == ScoringModel.TrustScoreV2 && Math.Abs(maxima.Sum() - 100) > 1e-9) errors.Add($"Factor maxima must sum to 100; they sum to {maxima.Sum()}.");
        if (!(VoteRatioFloor < VoteRatioFull)) errors.Add("VoteRatioFloor must be below VoteRatioFull.");
        if (SkipGrace <= 0) errors.Add("SkipGrace must be positive.");
        if (CommissionScale.BasisPoints == 0) errors.Add("CommissionScale must be above 0.");
        if (SuperminorityShare is <= 0 or >= 1) errors.Add("SuperminorityShare must be between 0 and 1.");
        if (TrackRecordFullEpochs < 1) errors.Add("TrackRecordFullEpochs must be at least 1.");
        if (CurrentVersionStakeShare is <= 0 or > 1) errors.Add("CurrentVersionStakeShare must be in (0, 1].");
        if (MinimumRatedEpochs < 0) errors.Add("MinimumRatedEpochs must not be negative.");
        return errors;
    }
}
