using SolStake.Core.Domain;
using SolStake.Core.Storage;

namespace SolStake.Storage.Tests;

/// <summary>The wallet store's bounds, on both databases: a cap per caller, reads cut in the database, and removal.</summary>
[TestFixture("Sqlite")]
[TestFixture("Postgres")]
public class WalletStoreTests(string provider)
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);
    private StorageProvider _db = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _db = await StorageProvider.CreateAsync(provider);
        await _db.Get<IStorageMigrator>().MigrateAsync();
    }

    [TearDown]
    public async Task TearDownAsync() => await _db.DisposeAsync();

    private IWalletStore Wallets => _db.Get<IWalletStore>();

    private static StakeAccount[] Accounts(int from, int count) =>
        [.. Enumerable.Range(from, count).Select(i => new StakeAccount { Pubkey = TestData.Key(i), Lamports = 1_000, State = StakeAccountState.Initialized })];

    [Test]
    public async Task A_caller_registers_up_to_its_cap_and_a_wallet_registered_before_is_found_whoever_asks()
    {
        var first = await Wallets.RegisterForAsync(TestData.Key(1), "alice", 2, T0);
        var second = await Wallets.RegisterForAsync(TestData.Key(2), "alice", 2, T0);
        var third = await Wallets.RegisterForAsync(TestData.Key(3), "alice", 2, T0);
        var again = await Wallets.RegisterForAsync(TestData.Key(1), "alice", 2, T0);
        var byBob = await Wallets.RegisterForAsync(TestData.Key(1), "bob", 2, T0);
        var bobsOwn = await Wallets.RegisterForAsync(TestData.Key(3), "bob", 2, T0);

        Assert.Multiple(() =>
        {
            Assert.That((first!.Created, second!.Created), Is.EqualTo((true, true)));
            Assert.That(third, Is.Null, "alice is at her cap");
            Assert.That(again, Is.EqualTo(new WalletRegistration(first.UserId, false)));
            Assert.That(byBob, Is.EqualTo(new WalletRegistration(first.UserId, false)), "found, not registered again, and not counted for bob");
            Assert.That(bobsOwn!.Created, Is.True);
        });
    }

    [Test]
    public async Task Reads_return_at_most_the_asked_stake_accounts_per_wallet_and_the_sizes_say_what_is_held()
    {
        for (var w = 0; w < 3; w++)
        {
            await Wallets.RegisterForAsync(TestData.Key(100 + w), "alice", 10, T0);
            await Wallets.ReplaceStakeAccountsAsync(TestData.Key(100 + w), Accounts(1_000 * (w + 1), 5 + w), T0);
        }

        var one = await Wallets.GetAsync(TestData.Key(101), 3);
        var all = await Wallets.GetAsync(TestData.Key(101), 100);
        var listed = await Wallets.ListWithStakeAccountsAsync(2, 4);
        var sizes = await Wallets.MeasureAsync();

        Assert.Multiple(() =>
        {
            Assert.That(one!.StakeAccounts.Select(s => s.Account.Pubkey), Is.EqualTo(all!.StakeAccounts.Take(3).Select(s => s.Account.Pubkey)));
            Assert.That(all.StakeAccounts, Has.Count.EqualTo(6));
            Assert.That(listed.Select(w => w.Wallet), Is.EqualTo(new[] { TestData.Key(100), TestData.Key(101) }));
            Assert.That(listed.Select(w => w.StakeAccounts.Count), Is.EqualTo(new[] { 4, 4 }));
            Assert.That(listed[1].StakeAccounts.Select(s => s.Account.Pubkey), Is.EqualTo(all.StakeAccounts.Take(4).Select(s => s.Account.Pubkey)));
            Assert.That(sizes, Is.EqualTo(new WalletSizes(3, 7)));
        });
    }

    [Test]
    public async Task Unregistering_removes_the_wallet_and_its_stake_accounts_and_frees_the_callers_place()
    {
        await Wallets.RegisterForAsync(TestData.Key(7), "alice", 1, T0);
        await Wallets.ReplaceStakeAccountsAsync(TestData.Key(7), Accounts(7_000, 3), T0);

        await Wallets.UnregisterAsync(TestData.Key(7));
        await Wallets.UnregisterAsync(TestData.Key(8));
        var sizes = await Wallets.MeasureAsync();
        var next = await Wallets.RegisterForAsync(TestData.Key(9), "alice", 1, T0);

        Assert.Multiple(async () =>
        {
            Assert.That(await Wallets.GetAsync(TestData.Key(7), 10), Is.Null);
            Assert.That(sizes, Is.EqualTo(new WalletSizes(0, 0)));
            Assert.That(next!.Created, Is.True);
        });
    }
}
