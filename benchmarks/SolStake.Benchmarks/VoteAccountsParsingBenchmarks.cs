using System.Text.Json;
using BenchmarkDotNet.Attributes;
using SolStake.Ingestion.Rpc;
using SolStake.Ingestion.Rpc.Json;
using SolStake.Testing;

namespace SolStake.Benchmarks;

/// <summary>
/// Parsing the 1.55 MB epoch-752 getVoteAccounts response (1,351 vote accounts) into typed results, against a
/// baseline that only walks the same bytes with Utf8JsonReader: the floor any parser pays.
/// Targets: typed within 2x of the scan, allocations under 2x the payload.
/// </summary>
[MemoryDiagnoser]
public class VoteAccountsParsingBenchmarks
{
    private byte[] _payload = [];

    [GlobalSetup]
    public void Setup() => _payload = File.ReadAllBytes(Fixtures.Path("mainnet-getVoteAccounts-epoch752-2025-03-07.json"));

    [Benchmark(Baseline = true, Description = "Utf8JsonReader scan")]
    public int Scan()
    {
        var reader = new Utf8JsonReader(_payload);
        var tokens = 0;
        while (reader.Read())
        {
            tokens++;
        }

        return tokens;
    }

    [Benchmark(Description = "Typed VoteAccounts")]
    public async Task<int> Typed()
    {
        using var stream = new MemoryStream(_payload, writable: false);
        var accounts = await SolanaRpcClient.ReadResultAsync("getVoteAccounts", stream, SolanaJsonContext.Default.RpcResponseVoteAccounts, CancellationToken.None);
        return accounts.Count;
    }
}
