using System.Text.Json;

namespace SolStake.Testing;

/// <summary>
/// <c>getProgramAccounts</c> answers of many stake accounts, for the tests and the hostile load mode: the first account
/// of a real wallet's recorded answer, under the addresses given.
/// </summary>
public static class StakeAccountAnswers
{
    /// <summary>The recorded wallet whose first stake account is copied.</summary>
    public const string RecordedWallet = "83wDqn8DFg5oh1WetQJwcyZySjxGkxWVKf3p39T6GMQH";

    /// <summary>A JSON-RPC answer with one stake account at each of <paramref name="addresses"/>.</summary>
    public static async Task<string> JsonAsync(IEnumerable<string> addresses)
    {
        using var real = JsonDocument.Parse(await File.ReadAllTextAsync(Fixtures.Path("mainnet-getProgramAccounts-Stake-jsonParsed-wallet83wDqn8-2024-08.json")));
        var template = real.RootElement[0].GetRawText();
        var original = real.RootElement[0].GetProperty("pubkey").GetString()!;
        var accounts = string.Join(',', addresses.Select(address => template.Replace(original, address, StringComparison.Ordinal)));
        return $$"""{"jsonrpc":"2.0","id":1,"result":[{{accounts}}]}""";
    }
}
