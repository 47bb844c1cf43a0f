using System.Text.Json;
using System.Text.Json.Nodes;
using SolStake.Core.Domain;
using SolStake.Core.Storage;
using SolStake.GraphQL.Schema;
using SolStake.Testing;
using static SolStake.Testing.FixtureRpcServer;

namespace SolStake.Host.Tests;

/// <summary>Stake accounts as they are: status from their epochs, and a verdict in words per account and wallet (issue #31, item 6).</summary>
public class StakeVerdictTests
{
    private const string Wallet = StakeAccountAnswers.RecordedWallet;
    private static readonly Pubkey Vote = new(Enumerable.Repeat((byte)7, 32).ToArray());

    private static StakeAccount Active(ulong? deactivation = null) => new()
    {
        Pubkey = new Pubkey(Enumerable.Repeat((byte)1, 32).ToArray()), Lamports = 1_002_282_880, State = StakeAccountState.Delegated, Voter = Vote,
        DelegatedStake = 1_000_000_000, ActivationEpoch = 700, DeactivationEpoch = deactivation, RentExemptReserve = 2_282_880,
    };

    private static ValidatorRecord Validator(bool delinquent = false) => new()
    {
        Id = 1, VoteAccount = Vote, Identity = Vote, Commission = Commission.FromPercent(7), ActivatedStake = 1, Delinquent = delinquent, LastVote = 1,
        CreatedAt = DateTimeOffset.UnixEpoch, UpdatedAt = DateTimeOffset.UnixEpoch,
    };

    private static TrustScoreRecord Score(string state = "ELIGIBLE", params string[] flags) => new()
    {
        VoteAccount = Vote, Score = state == "INELIGIBLE" ? 0 : 81.5m, State = state, Profile = "Default", ModelVersion = "trustscore-v2.2", Breakdown = [], Flags = flags,
    };

    [Test]
    public void AnActiveAccountOnAGoodValidator_IsFine_AndSaysItsScore()
    {
        var verdict = StakeVerdicts.ForAccount(Active(), 752, Validator(), Score());

        Assert.That(verdict.Level, Is.EqualTo(VerdictLevel.Fine));
        Assert.That(verdict.Summary, Is.EqualTo("Fine: active on a validator scoring 81.5 of 100."));
        Assert.That(verdict.Reasons, Is.Empty);
    }

    [Test]
    public void ADelinquentOrIneligibleValidator_AsksForAction_InWords()
    {
        var delinquent = StakeVerdicts.ForAccount(Active(), 752, Validator(delinquent: true), Score());
        var gated = StakeVerdicts.ForAccount(Active(), 752, Validator(), Score("INELIGIBLE", "GATE:COMMISSION_RUG(752, 100%)", "COMMISSION_INCREASE(752, 5% -> 100%)"));

        Assert.That((delinquent.Level, delinquent.Summary), Is.EqualTo((VerdictLevel.Act, "On a delinquent validator: it is not voting, so the stake earns nothing while it is down.")));
        Assert.That(gated.Level, Is.EqualTo(VerdictLevel.Act));
        Assert.That(gated.Summary, Is.EqualTo("On an ineligible validator (commission rug (752, 100%)): the score rules it out."));
        Assert.That(gated.Reasons.Select(r => r.Code), Is.EqualTo(new[] { "INELIGIBLE" }), "the rug gate says the raise already");
    }

    [Test]
    public void ARaiseOrTheSuperminority_IsWorthWatching()
    {
        var verdict = StakeVerdicts.ForAccount(Active(), 752, Validator(), Score("ELIGIBLE", "COMMISSION_INCREASE(751, 5% -> 7%)", "SUPERMINORITY"));

        Assert.That(verdict.Level, Is.EqualTo(VerdictLevel.Watch));
        Assert.That(verdict.Reasons.Select(r => r.Code), Is.EqualTo(new[] { "COMMISSION_RAISED", "SUPERMINORITY" }));
        Assert.That(verdict.Reasons[0].Text, Is.EqualTo("Its validator raised its commission; it is 7% now."));
    }

    [Test]
    public void DeactivatingAndInactiveStake_SaysWhenItStopsEarning_AndAnInactiveOneIgnoresItsValidator()
    {
        var deactivating = StakeVerdicts.ForAccount(Active(deactivation: 752), 752, Validator(), Score());
        var inactive = StakeVerdicts.ForAccount(Active(deactivation: 740), 752, Validator(delinquent: true), Score());

        Assert.That((deactivating.Level, deactivating.Summary), Is.EqualTo((VerdictLevel.Watch, "Deactivating: it earns until epoch 752 ends, then nothing.")));
        Assert.That(inactive.Reasons.Select(r => r.Code), Is.EqualTo(new[] { "INACTIVE" }), "a delinquent validator costs inactive stake nothing");
    }

    [Test]
    public void TheWalletVerdict_CountsTheAccounts_ThatNeedActionAndWatching()
    {
        var fine = StakeVerdicts.ForAccount(Active(), 752, Validator(), Score());
        var act = StakeVerdicts.ForAccount(Active(), 752, Validator(delinquent: true), Score());
        var watch = StakeVerdicts.ForAccount(Active(deactivation: 740), 752, Validator(), Score());

        var wallet = StakeVerdicts.ForWallet([fine, act, watch, watch]);

        Assert.That(wallet.Level, Is.EqualTo(VerdictLevel.Act));
        Assert.That(wallet.Summary, Is.EqualTo("1 of 4 stake accounts needs action; 2 to watch."));
        Assert.That(wallet.Reasons.Select(r => r.Text), Is.EqualTo(new[]
        {
            "1 account: On a delinquent validator: it is not voting, so the stake earns nothing while it is down.",
            "2 accounts: Inactive: deactivated, it earns nothing and can be withdrawn or delegated again.",
        }));
        Assert.That(StakeVerdicts.ForWallet([fine]).Summary, Is.EqualTo("All 1 stake account is fine."));
    }

    [Test]
    public async Task TheRecordedWallet_ThroughTheApi_HasItsStatusesAndVerdicts()
    {
        // The recorded wallet (2024, epochs 649-652) seen at epoch 752: five delegations active, two deactivated at 650.
        // One copy is edited to deactivate in 752 (the current epoch): deactivating, still earning.
        await using var api = await ApiHarness.StartAsync("Sqlite");
        var accounts = JsonNode.Parse(await File.ReadAllTextAsync(Fixtures.Path("mainnet-getProgramAccounts-Stake-jsonParsed-wallet83wDqn8-2024-08.json")))!.AsArray();
        accounts[0]!["account"]!["data"]!["parsed"]!["info"]!["stake"]!["delegation"]!["deactivationEpoch"] = "752";
        api.Rpc.Serve("getProgramAccounts", Reply.Json($$"""{"jsonrpc":"2.0","id":1,"result":{{accounts.ToJsonString()}}}"""));

        var (status, body) = await api.QueryAsync("""
            mutation($w: String!) { trackWallet(walletPubkey: $w) { verdict { level summary reasons { code level text } }
              stakeAccounts { id state status verdict { level summary reasons { code } } } } }
            """, new { w = Wallet }, api.Token("user"));

        Assert.That(status, Is.EqualTo(200), body.ToString());
        var tracked = body.GetProperty("data").GetProperty("trackWallet");
        var stakes = tracked.GetProperty("stakeAccounts").EnumerateArray().ToList();
        var statuses = stakes.GroupBy(s => s.GetProperty("status").GetString()).ToDictionary(g => g.Key!, g => g.Count());
        Assert.That(statuses, Is.EquivalentTo(new Dictionary<string, int> { ["ACTIVE"] = 4, ["DEACTIVATING"] = 1, ["INACTIVE"] = 2 }));
        Assert.That(stakes.All(s => s.GetProperty("state").GetString() == "Delegated"), Is.True, "the raw account state stays as before");
        var deactivating = stakes.Single(s => s.GetProperty("status").GetString() == "DEACTIVATING");
        Assert.That(deactivating.GetProperty("verdict").GetProperty("summary").GetString(), Is.EqualTo("Deactivating: it earns until epoch 752 ends, then nothing."));

        // The wallet's verdict is made of its accounts' verdicts.
        var levels = stakes.Select(s => s.GetProperty("verdict").GetProperty("level").GetString()).ToList();
        var wallet = tracked.GetProperty("verdict");
        var worst = levels.Contains("ACT") ? "ACT" : levels.Contains("WATCH") ? "WATCH" : "FINE";
        Assert.That(wallet.GetProperty("level").GetString(), Is.EqualTo(worst));
        Assert.That(wallet.GetProperty("summary").GetString(), Does.Contain("of 7 stake accounts"));
        var codes = wallet.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("code").GetString()).ToList();
        Assert.That(codes, Does.Contain("INACTIVE").And.Contain("DEACTIVATING"));
        Assert.That(wallet.GetProperty("reasons").EnumerateArray().Single(r => r.GetProperty("code").GetString() == "INACTIVE").GetProperty("text").GetString(),
            Does.StartWith("2 accounts: Inactive"));
    }
}
