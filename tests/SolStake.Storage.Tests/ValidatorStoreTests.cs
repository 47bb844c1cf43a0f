using SolStake.Core.Domain;
using SolStake.Core.Storage;

namespace SolStake.Storage.Tests;

[TestFixture("Sqlite")]
[TestFixture("Postgres")]
public class ValidatorStoreTests(string provider)
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private StorageProvider _db = null!;
    private IValidatorStore _store = null!;

    [SetUp]
    public async Task CreateDatabaseAsync()
    {
        _db = await StorageProvider.CreateAsync(provider);
        await _db.Get<IStorageMigrator>().MigrateAsync();
        _store = _db.Get<IValidatorStore>();
    }

    [TearDown]
    public async Task DropAsync() => await _db.DisposeAsync();

    [Test]
    public async Task Migrate_FromEmpty_AppliesInitialThenNothing()
    {
        await using var fresh = await StorageProvider.CreateAsync(provider);

        var first = await fresh.Get<IStorageMigrator>().MigrateAsync();
        var second = await fresh.Get<IStorageMigrator>().MigrateAsync();

        Assert.That(first, Has.Some.EndsWith("_InitialCreate"));
        Assert.That(second, Is.Empty);
        Assert.That(await fresh.Get<IValidatorStore>().CountValidatorsAsync(), Is.Zero);
    }

    [Test]
    public async Task Upsert_ThenList_RoundTripsEveryField()
    {
        var accounts = TestData.VoteAccounts(1_400);

        var written = await _store.RecordObservationAsync(TestData.Observation(accounts, T0));
        var stored = await _store.ListValidatorsAsync();

        Assert.That(written.Validators, Is.EqualTo(1_400));
        Assert.That(written.NewObservations, Is.EqualTo(1_400));
        Assert.That(stored, Has.Count.EqualTo(1_400));
        var byVote = stored.ToDictionary(v => v.VoteAccount);
        foreach (var a in accounts)
        {
            var v = byVote[a.VotePubkey];
            Assert.That((v.Identity, v.Commission, v.ActivatedStake, v.Delinquent, v.LastVote),
                Is.EqualTo((a.NodePubkey, a.Commission, a.ActivatedStake, a.Delinquent, a.LastVote)));
            Assert.That(v.CreatedAt, Is.EqualTo(T0));
            Assert.That(v.UpdatedAt, Is.EqualTo(T0));
        }

        Assert.That(stored.Select(v => v.VoteAccount.ToString()), Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
    }

    [Test]
    public async Task Upsert_SameDataTwice_AddsNothing()
    {
        var accounts = TestData.VoteAccounts(300);

        await _store.RecordObservationAsync(TestData.Observation(accounts, T0));
        var firstIds = (await _store.ListValidatorsAsync()).ToDictionary(v => v.VoteAccount, v => v.Id);
        var again = await _store.RecordObservationAsync(TestData.Observation(accounts, T0.AddMinutes(5)));
        var second = await _store.ListValidatorsAsync();

        Assert.That(second, Has.Count.EqualTo(300));
        Assert.That(again.NewObservations, Is.Zero, "the same observation (same slot) is stored once");
        Assert.That(second.All(v => firstIds[v.VoteAccount] == v.Id), Is.True, "ids are kept");
        Assert.That(second.All(v => v.CreatedAt == T0 && v.UpdatedAt == T0.AddMinutes(5)), Is.True);
    }

    [Test]
    public async Task Upsert_ChangedObservation_UpdatesTheRow()
    {
        var account = TestData.VoteAccounts(1)[0];
        await _store.RecordObservationAsync(TestData.Observation([account], T0));

        var changed = account with { Commission = new Commission(10_000), Delinquent = true, ActivatedStake = 0, NodePubkey = TestData.Key(9_999) };
        await _store.RecordObservationAsync(TestData.Observation([changed], T0.AddHours(1), slot: TestData.Slot + 9_000));

        var stored = (await _store.ListValidatorsAsync()).Single();
        Assert.That((stored.Commission.BasisPoints, stored.Delinquent, stored.ActivatedStake, stored.Identity),
            Is.EqualTo(((ushort)10_000, true, 0UL, TestData.Key(9_999))));
    }

    [Test]
    public async Task Upsert_DuplicateVoteAccountsInOneCall_LastOneWins()
    {
        var account = TestData.VoteAccounts(1)[0];
        var later = account with { Commission = new Commission(500) };

        var written = await _store.RecordObservationAsync(TestData.Observation([account, later], T0));

        Assert.That(written.Validators, Is.EqualTo(1));
        Assert.That((await _store.ListValidatorsAsync()).Single().Commission.BasisPoints, Is.EqualTo(500));
    }

    [Test]
    public async Task Upsert_OneIdentityWithTwoVoteAccounts_StoresBoth()
    {
        var accounts = TestData.VoteAccounts(2);
        var sameIdentity = new[] { accounts[0], accounts[1] with { NodePubkey = accounts[0].NodePubkey } };

        await _store.RecordObservationAsync(TestData.Observation(sameIdentity, T0));

        var stored = await _store.ListValidatorsAsync();
        Assert.That(stored, Has.Count.EqualTo(2));
        Assert.That(stored.Select(v => v.Identity).Distinct().Count(), Is.EqualTo(1));
    }

    [Test]
    public async Task Upsert_StakeBeyondDoublePrecision_IsExact()
    {
        var account = TestData.VoteAccounts(1)[0] with { ActivatedStake = 9_007_199_254_740_993UL }; // 2^53 + 1

        await _store.RecordObservationAsync(TestData.Observation([account], T0));

        Assert.That((await _store.ListValidatorsAsync()).Single().ActivatedStake, Is.EqualTo(9_007_199_254_740_993UL));
    }

    [Test]
    public async Task Upsert_ValueBeyondSigned64Bits_IsRefusedAndNothingIsWritten()
    {
        var accounts = TestData.VoteAccounts(3);
        accounts[2] = accounts[2] with { LastVote = ulong.MaxValue };

        Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _store.RecordObservationAsync(TestData.Observation(accounts, T0)));

        Assert.That(await _store.CountValidatorsAsync(), Is.Zero);
    }

    [Test]
    public async Task Upsert_Empty_WritesNothing()
    {
        Assert.That((await _store.RecordObservationAsync(TestData.Observation([], T0))).Validators, Is.Zero);
        Assert.That(await _store.CountValidatorsAsync(), Is.Zero);
    }

    [Test]
    public async Task ConcurrentUpserts_OfTheSameSet_LeaveOneRowPerVoteAccount()
    {
        var accounts = TestData.VoteAccounts(500);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(() => UpsertWithRetryAsync(accounts, T0.AddSeconds(i), TestData.Slot + (ulong)i))));

        Assert.That(await _store.CountValidatorsAsync(), Is.EqualTo(500));
    }

    // SQLite allows one writer at a time: a concurrent writer may see SQLITE_BUSY, which is reported as transient.
    private async Task UpsertWithRetryAsync(IReadOnlyCollection<VoteAccount> accounts, DateTimeOffset at, ulong slot)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await _store.RecordObservationAsync(TestData.Observation(accounts, at, slot));
                return;
            }
            catch (StorageException ex) when (ex.IsTransient && attempt < 50)
            {
                await Task.Delay(20);
            }
        }
    }
}
