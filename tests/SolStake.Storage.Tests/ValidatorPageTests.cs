using SolStake.Core.Domain;
using SolStake.Core.Storage;

namespace SolStake.Storage.Tests;

/// <summary>The API's validator page, filtered, ordered and cut in SQL, against the same rules applied in memory.</summary>
[TestFixture("Sqlite")]
[TestFixture("Postgres")]
public class ValidatorPageTests(string provider)
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private static readonly string[] Names = ["alpha", "Bravo", "CHARLIE", "delta", "echo", "Foxtrot", "golf", "hotel7", "India", "juliet"];
    private StorageProvider _db = null!;
    private List<ValidatorWithScore> _all = null!;
    private Dictionary<string, int> _rank = null!;

    [OneTimeSetUp]
    public async Task SetUpAsync()
    {
        _db = await StorageProvider.CreateAsync(provider);
        await _db.Get<IStorageMigrator>().MigrateAsync();
        // Ties on purpose: stakes and commissions repeat, a quarter have no name, the last five no score.
        var accounts = TestData.VoteAccounts(40).Select((a, i) => a with
        {
            ActivatedStake = (ulong)(i % 6) * 1_000_000_000UL,
            Commission = new Commission((ushort)(i % 4 * 250)),
        }).ToArray();
        await _db.Get<IValidatorStore>().RecordObservationAsync(TestData.Observation(accounts, T0));
        await _db.Get<IValidatorStore>().UpdateValidatorInfoAsync([.. accounts.Take(30).Select((a, i) => new PublishedValidatorInfo
        {
            InfoAccount = TestData.Key(3_000_000 + i),
            Identity = a.NodePubkey,
            Name = $"{Names[i % Names.Length]}{i / Names.Length}",
        })], T0);
        var scoring = _db.Get<IScoringStore>();
        var run = await scoring.StartRunAsync("Default", "v", T0);
        await scoring.CompleteRunAsync(run, [.. accounts.Take(35).Select((a, i) => new TrustScoreRecord
        {
            VoteAccount = a.VotePubkey, Score = 40 + (i % 9) * 5, State = (i % 3) switch { 0 => "ELIGIBLE", 1 => "INELIGIBLE", _ => "UNRATED" },
            Profile = "Default", ModelVersion = "v", Breakdown = [], Flags = [],
        })], 0, T0.AddSeconds(1));

        _all = [.. await Page(new ValidatorQuery())];
        // Ties are broken by vote account in the database's own collation: the default order gives each its rank.
        _rank = _all.Select((r, i) => (r.Validator.VoteAccount.ToString(), i)).ToDictionary(p => p.Item1, p => p.i);
    }

    [OneTimeTearDown]
    public async Task TearDownAsync() => await _db.DisposeAsync();

    private Task<IReadOnlyList<ValidatorWithScore>> Page(ValidatorQuery query) => _db.Get<IScoreReader>().ValidatorPageAsync(query);

    private int Rank(ValidatorWithScore r) => _rank[r.Validator.VoteAccount.ToString()];

    [Test]
    public void TheDefaultPage_HoldsEveryValidator_WithItsLatestScore()
    {
        Assert.That(_all, Has.Count.EqualTo(40));
        Assert.That(_all.Count(r => r.LatestScore is null), Is.EqualTo(5));
        Assert.That(_all.Count(r => r.Validator.Name is not null), Is.EqualTo(30));
    }

    [TestCase(ValidatorOrder.Score)]
    [TestCase(ValidatorOrder.Stake)]
    [TestCase(ValidatorOrder.Commission)]
    [TestCase(ValidatorOrder.Name)]
    [TestCase(ValidatorOrder.VoteAccount)]
    public async Task EachOrder_PagesAsTheInMemoryRuleDoes(ValidatorOrder order)
    {
        IEnumerable<ValidatorWithScore> expected = order switch
        {
            ValidatorOrder.Score => _all.OrderByDescending(r => r.LatestScore?.Score ?? -1).ThenBy(Rank),
            ValidatorOrder.Stake => _all.OrderByDescending(r => r.Validator.ActivatedStake).ThenBy(Rank),
            ValidatorOrder.Commission => _all.OrderBy(r => r.Validator.Commission).ThenBy(Rank),
            ValidatorOrder.Name => _all.OrderBy(r => r.Validator.Name is null).ThenBy(r => r.Validator.Name?.ToLowerInvariant(), StringComparer.Ordinal).ThenBy(Rank),
            _ => _all,
        };

        var whole = await Page(new ValidatorQuery { OrderBy = order });
        var page = await Page(new ValidatorQuery { OrderBy = order, Offset = 7, Limit = 9 });

        Assert.That(whole.Select(r => r.Validator.VoteAccount), Is.EqualTo(expected.Select(r => r.Validator.VoteAccount)));
        Assert.That(page.Select(r => r.Validator.VoteAccount), Is.EqualTo(expected.Skip(7).Take(9).Select(r => r.Validator.VoteAccount)));
    }

    [TestCase("bravo")]
    [TestCase("ALPHA1")]
    [TestCase("o")]
    public async Task Search_MatchesAnyPartOfTheNameInAnyCase(string search)
    {
        var found = await Page(new ValidatorQuery { Search = search });

        Assert.That(found.Select(r => r.Validator.Name), Is.EquivalentTo(_all.Where(r => r.Validator.Name?.Contains(search, StringComparison.OrdinalIgnoreCase) ?? false).Select(r => r.Validator.Name)));
        Assert.That(found, Is.Not.Empty);
    }

    [Test]
    public async Task Search_MatchesTheStartOfTheVoteAccountOrIdentity_Exactly()
    {
        var target = _all[17].Validator;

        var byVote = await Page(new ValidatorQuery { Search = target.VoteAccount.ToString()[..12] });
        var byIdentity = await Page(new ValidatorQuery { Search = target.Identity.ToString() });

        Assert.That(byVote.Select(r => r.Validator.Id), Does.Contain(target.Id));
        Assert.That(byVote.All(r => r.Validator.VoteAccount.ToString().StartsWith(target.VoteAccount.ToString()[..12], StringComparison.Ordinal)
            || (r.Validator.Name?.Contains(target.VoteAccount.ToString()[..12], StringComparison.OrdinalIgnoreCase) ?? false)), Is.True);
        Assert.That(byIdentity.Select(r => r.Validator.Id), Is.EqualTo(new[] { target.Id }));
    }

    [Test]
    public async Task Search_ComparesTheKeysPrefix_WithItsCase()
    {
        var target = _all.Select(r => r.Validator).First(v => v.VoteAccount.ToString()[..8].Any(char.IsLetter));
        var prefix = target.VoteAccount.ToString()[..8];
        var otherCase = new string([.. prefix.Select(c => char.IsUpper(c) ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c))]);

        var found = await Page(new ValidatorQuery { Search = otherCase });

        Assert.That(found.Select(r => r.Validator.VoteAccount.ToString()), Has.None.StartsWith(prefix), "a base58 key differs in another case");
        Assert.That((await Page(new ValidatorQuery { Search = prefix })).Select(r => r.Validator.Id), Does.Contain(target.Id));
    }

    [Test]
    public async Task VoteAccountAndIdentity_FindExactlyTheirValidator()
    {
        var target = _all[23].Validator;

        var byVote = await Page(new ValidatorQuery { VoteAccount = target.VoteAccount });
        var byIdentity = await Page(new ValidatorQuery { Identity = target.Identity });
        var unknown = await Page(new ValidatorQuery { VoteAccount = TestData.Key(9_999_999) });

        Assert.That(byVote.Select(r => r.Validator.Id), Is.EqualTo(new[] { target.Id }));
        Assert.That(byVote[0].LatestScore?.Score, Is.EqualTo(_all[23].LatestScore?.Score));
        Assert.That(byIdentity.Select(r => r.Validator.Id), Is.EqualTo(new[] { target.Id }));
        Assert.That(unknown, Is.Empty);
    }

    [TestCase("%")]
    [TestCase("_")]
    [TestCase("\\")]
    public async Task LikeWildcardsInASearch_AreLiteral(string search)
    {
        var found = await Page(new ValidatorQuery { Search = search });

        Assert.That(found, Is.Empty, "no name, vote account or identity holds it");
    }

    [TestCase("ELIGIBLE")]
    [TestCase("UNRATED")]
    public async Task State_KeepsValidatorsWhoseLatestScoreHasIt_AndCombinesWithOrderAndPage(string state)
    {
        var page = await Page(new ValidatorQuery { State = state, OrderBy = ValidatorOrder.Score, Limit = 5 });

        var expected = _all.Where(r => r.LatestScore?.State == state).OrderByDescending(r => r.LatestScore!.Score).ThenBy(Rank).Take(5);
        Assert.That(page.Select(r => r.Validator.VoteAccount), Is.EqualTo(expected.Select(r => r.Validator.VoteAccount)));
    }
}

public class LazyJsonListTests
{
    [Test]
    public void ParsesOnFirstUse_Once_AndThenActsAsTheList()
    {
        var parses = 0;
        var list = new LazyJsonList<int>(() => { parses++; return [3, 1, 2]; });

        Assert.That(parses, Is.Zero, "nothing read yet");
        Assert.That(list, Is.EqualTo(new[] { 3, 1, 2 }));
        Assert.That((list.Count, list[2]), Is.EqualTo((3, 2)));
        Assert.That(parses, Is.EqualTo(1));
    }
}
