using SolStake.Core.Domain;
using SolStake.Ingestion.Cli;
using SolStake.Testing;

namespace SolStake.Ingestion.Tests;

public class ValidatorsSnapshotReaderTests
{
    private static IEnumerable<string> CliDumps() =>
        Directory.EnumerateFiles(Fixtures.Directory, "*validators-cli*.json", SearchOption.AllDirectories).Select(Path.GetFileName).Order()!;

    [TestCaseSource(nameof(CliDumps))]
    public async Task EveryRecordedDump_Parses(string file)
    {
        var path = Directory.EnumerateFiles(Fixtures.Directory, file, SearchOption.AllDirectories).Single();

        var snapshot = await ValidatorsSnapshotReader.ReadFileAsync(path);

        Assert.That(snapshot.Validators, Has.Count.GreaterThan(500));
        Assert.That(snapshot.Validators.Select(v => v.VoteAccount).Distinct().Count(), Is.EqualTo(snapshot.Validators.Count));
        Assert.That(snapshot.Validators.Count(v => v.Delinquent), Is.GreaterThan(0));
        Assert.That(snapshot.Validators.All(v => v.SkipRatePercent is null or >= 0 and <= 100), Is.True);
    }

    [TestCase("mainnet-validators-cli-epoch1020-2026-08-22.json", 695, 9, 1020UL)]
    [TestCase("mainnet-validators-cli-epoch800-2025-06-09.json", 1217, 68, 800UL)]
    public async Task MainnetDump_CountsAndEpochMatchTheRecording(string file, int count, int delinquent, ulong epoch)
    {
        var snapshot = await ValidatorsSnapshotReader.ReadFileAsync(Fixtures.Path(file));

        Assert.That(snapshot.Validators, Has.Count.EqualTo(count));
        Assert.That(snapshot.Validators.Count(v => v.Delinquent), Is.EqualTo(delinquent));
        Assert.That(snapshot.EpochOf(EpochSchedule.MainnetBeta).Epoch, Is.EqualTo(epoch));
    }

    [Test]
    public async Task OldLayout_TakesDelinquencyFromTheList()
    {
        var snapshot = await ValidatorsSnapshotReader.ReadFileAsync(Fixtures.Path("testnet-validators-cli-2021-03-08.json"));

        Assert.That(snapshot.Validators, Has.Count.EqualTo(1004));
        Assert.That(snapshot.Validators.Count(v => v.Delinquent), Is.EqualTo(78));
        Assert.That(snapshot.Validators.All(v => v.EpochCredits is null && v.SkipRatePercent is null), Is.True);
    }

    [Test]
    public async Task Entry_FieldsAreTyped()
    {
        var snapshot = await ValidatorsSnapshotReader.ReadFileAsync(Fixtures.Path("mainnet-validators-cli-epoch1020-2026-08-22.json"));

        var certus = snapshot.Validators.Single(v => v.VoteAccount == Pubkey.Parse("CertusDeBmqN8ZawdkxK5kFGMwBXdudvWHYwtNgNhvLu"));
        Assert.That(certus.Identity, Is.EqualTo(Pubkey.Parse("Certusm1sa411sMpV9FPqU5dXAYhmmhygvxJ23S6hJ24")));
        Assert.That((certus.ActivatedStake, certus.Commission.BasisPoints, certus.EpochCredits, certus.Credits, certus.Version),
            Is.EqualTo((437_972_568_983_830UL, (ushort)500, (ulong?)5_873_419UL, 2_445_072_268UL, "0.1105.40200")));
    }

    [TestCase("""{"foo": 1}""")]
    [TestCase("""{"validators": [{"voteAccountPubkey": "nope", "identityPubkey": "x", "commission": 1}]}""")]
    [TestCase("""{"validators": [{"voteAccountPubkey": "CertusDeBmqN8ZawdkxK5kFGMwBXdudvWHYwtNgNhvLu", "identityPubkey": "Certusm1sa411sMpV9FPqU5dXAYhmmhygvxJ23S6hJ24"}]}""")]
    [TestCase("<html>")]
    public void NotADump_IsAFormatException(string json)
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));

        Assert.ThrowsAsync<FormatException>(() => ValidatorsSnapshotReader.ReadAsync(stream));
    }
}
