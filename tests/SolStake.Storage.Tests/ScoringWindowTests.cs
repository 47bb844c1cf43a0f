using SolStake.Core.Domain;
using SolStake.Core.Storage;
using SolStake.Scoring;

namespace SolStake.Storage.Tests;

/// <summary>
/// A scoring run reads its window's epochs and the totals kept for the epochs before them: the scores are those of
/// every stored epoch, under every built-in profile, on both providers, and after the migration that adds the totals.
/// </summary>
[TestFixture("Sqlite")]
[TestFixture("Postgres")]
public class ScoringWindowTests(string provider)
{
    private const ulong First = 700;
    private const ulong Current = 752;
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private static readonly VoteAccount[] Accounts = TestData.VoteAccounts(4);
    private StorageProvider _db = null!;

    [SetUp]
    public async Task FillAsync()
    {
        _db = await StorageProvider.CreateAsync(provider);
        await _db.Get<IStorageMigrator>().MigrateAsync();
        var store = _db.Get<IValidatorStore>();
        for (var epoch = First; epoch <= Current; epoch++)
        {
            var at = T0 - TimeSpan.FromDays(2 * (Current - epoch));
            if (epoch > First)
            {
                // The epoch that ended: block production (a row of 0 credits for validator 3's silent epoch 745, whose
                // credits arrive with the next observation) and the payout commission (60 % for validator 2 in 722).
                await store.RecordBlockProductionAsync(epoch - 1, new BlockProduction(0, 0,
                    Accounts.ToDictionary(a => a.NodePubkey, a => new LeaderSlots(40, 36))), at);
                await store.RecordInflationRewardsAsync(epoch - 1, [.. Accounts.Select(a => new KeyValuePair<Pubkey, InflationReward>(a.VotePubkey,
                    new InflationReward { Epoch = epoch - 1, Amount = 1, Commission = Commission.FromPercent(a == Accounts[2] && epoch - 1 == 722 ? (byte)60 : (byte)5) }))], at);
            }

            await store.RecordObservationAsync(TestData.Observation([.. Accounts.Select((a, i) => Observed(a, i, epoch))], at, (epoch * 432_000) + 1_000));
        }
    }

    [TearDown]
    public async Task DropAsync() => await _db.DisposeAsync();

    // Validator 0 votes from the start; 1 charged 100 % in epoch 705 and went back to 5 %; 2 starts voting in epoch 720
    // and earns nothing in 730-733; 3 earns nothing in 745 until the epoch is over.
    private static VoteAccount Observed(VoteAccount account, int index, ulong epoch)
    {
        var credits = new List<EpochCredits>();
        ulong total = 0;
        for (var e = First; e <= epoch; e++)
        {
            var earned = Earned(index, e, epoch);
            if (earned > 0 && e + 5 > epoch)
            {
                credits.Add(new EpochCredits(e, total + earned, total));
            }

            total += earned;
        }

        return account with
        {
            Commission = Commission.FromPercent(index == 1 && epoch == 705 ? (byte)100 : (byte)5),
            ActivatedStake = 1_000_000_000_000UL * (ulong)(index + 1),
            Delinquent = false,
            EpochCredits = credits,
        };
    }

    private static ulong Earned(int index, ulong epoch, ulong observedIn) => index switch
    {
        2 when epoch < 720 || epoch is >= 730 and <= 733 => 0,
        3 when epoch == 745 && observedIn == 745 => 0,
        _ => 400_000 + ((ulong)index * 1_000) + (epoch % 7 * 100),
    };

    private Task<ScoringData?> LoadAsync(int? listedEpochs, TimeSpan? uptime = null) =>
        _db.Get<IScoringStore>().LoadScoringDataAsync(new ScoringDataRequest(T0) { ListedEpochs = listedEpochs, UptimeWindow = uptime });

    private static IEnumerable<string> Scored(ScoringData data, ScoringProfile profile) =>
        TrustScorer.Score(new ScoringInput
        {
            CurrentEpoch = data.CurrentEpoch, EpochProgress = data.EpochProgress, SlotsPerEpoch = data.SlotsPerEpoch, Validators = data.Validators,
        }, profile).Scores.Select(s =>
            $"{s.VoteAccount} {s.Score} {s.State} [{string.Join(", ", s.FlagTexts())}] " +
            string.Join(" | ", s.Breakdown.Select(l => $"{l.Factor} {l.Points} {l.Value} {l.Reference} {l.Detail}")));

    [Test]
    public async Task TheWindowAndTheKeptTotals_ScoreAsEveryStoredEpochDoes_UnderEveryProfile()
    {
        var every = (await LoadAsync(null, TimeSpan.FromDays(30)))!;
        foreach (var profile in ScoringProfile.BuiltIn)
        {
            var window = (await LoadAsync(profile.WindowEpochs, TimeSpan.FromDays(30)))!;
            Assert.That(Scored(window, profile), Is.EqualTo(Scored(every, profile)), profile.Name);
        }

        var rug = TrustScorer.Score(new ScoringInput { CurrentEpoch = Current, Validators = (await LoadAsync(10))!.Validators }, ScoringProfile.Default).Scores
            .Single(s => s.VoteAccount == Accounts[1].VotePubkey);
        Assert.That(rug.FlagTexts(), Has.Some.StartsWith("GATE:COMMISSION_RUG"), "the 100 % of epoch 705, before the window, still gates");
    }

    [Test]
    public async Task TheEpochsBeforeTheWindow_AreSummarised_AndNotListed()
    {
        var every = (await LoadAsync(null))!.Validators.ToDictionary(v => v.VoteAccount);
        var window = (await LoadAsync(10))!.Validators;

        Assert.That(window, Has.Count.EqualTo(4));
        foreach (var v in window)
        {
            var all = every[v.VoteAccount];
            var before = all.Credits.Where(c => c.Epoch < Current - 10 && c.Credits > 0).ToList();
            Assert.That(v.Credits.Select(c => c.Epoch).Concat(v.BlockProduction.Select(b => b.Epoch)).Concat(v.EffectiveCommissions.Select(c => c.Epoch)).Concat(v.CommissionSamples.Select(s => s.Epoch)),
                Is.All.GreaterThanOrEqualTo(Current - 10));
            Assert.That(v.Earlier, Is.EqualTo(new EarlierEpochs(before.Count > 0 ? before.Min(c => c.Epoch) : null, before.Count)));
            Assert.That(all.Earlier, Is.EqualTo(default(EarlierEpochs)), "every epoch listed: nothing earlier");
            Assert.That(v.Uptime, Is.EqualTo(default(UptimeObservations)), "no uptime asked for");
        }

        var byAccount = window.ToDictionary(v => v.VoteAccount);
        Assert.That(Accounts.Select(a => byAccount[a.VotePubkey].Earlier.CreditedEpochs), Is.EqualTo(new[] { 42, 42, 18, 42 }));
        Assert.That(Accounts.Select(a => byAccount[a.VotePubkey].HighestCommission?.BasisPoints), Is.EqualTo(new ushort?[] { 500, 10_000, 6_000, 500 }));
        Assert.That(every[Accounts[3].VotePubkey].Credits.Single(c => c.Epoch == 745).Credits, Is.GreaterThan(0UL), "the row of 0 credits got its credits");
        Assert.That((await _db.Get<IStorageVerifier>().VerifyAsync()).IsSound, Is.True, "the kept totals agree with the rows");
    }

    [Test]
    public void ANegativeWindow_IsRefused()
    {
        Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => LoadAsync(-1));
    }

    [Test]
    public async Task Migration_OnAFilledDatabase_ComputesTheTotalsTheWritesKeep()
    {
        var kept = (await LoadAsync(10))!.Validators.Select(v => (v.VoteAccount, v.Earlier, v.HighestCommission)).OrderBy(v => v.VoteAccount).ToList();
        var pending = await _db.MigrateToBeforeAsync("ValidatorTotals");

        var applied = await _db.Get<IStorageMigrator>().MigrateAsync();

        Assert.That(applied, Is.EqualTo(pending));
        Assert.That((await LoadAsync(10))!.Validators.Select(v => (v.VoteAccount, v.Earlier, v.HighestCommission)).OrderBy(v => v.VoteAccount), Is.EqualTo(kept));
        Assert.That((await _db.Get<IStorageVerifier>().VerifyAsync()).IsSound, Is.True);
    }
}
