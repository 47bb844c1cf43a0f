using System.Text.Json;

namespace SolStake.Testing;

/// <summary>
/// Serves a recorded <c>getVoteAccounts</c> response together with the <c>getEpochInfo</c> of the same moment.
/// The recordings have no epoch info of their own, so it is derived from them: the slot is the highest vote in the
/// recording, and mainnet epochs are 432,000 slots.
/// </summary>
public static class RecordedCluster
{
    /// <summary>The mainnet recording of epoch 752 (1,325 current and 26 delinquent vote accounts).</summary>
    public const string Epoch752 = "mainnet-getVoteAccounts-epoch752-2025-03-07.json";

    /// <summary>Serves <paramref name="voteAccountsFixture"/> and the epoch info derived from it; returns the derived slot.</summary>
    public static ulong ServeVoteAccountsWithEpochInfo(this FixtureRpcServer server, string voteAccountsFixture = Epoch752)
    {
        ArgumentNullException.ThrowIfNull(server);
        server.Serve("getVoteAccounts", voteAccountsFixture);
        var slot = MaxLastVote(voteAccountsFixture);
        server.Serve("getEpochInfo", FixtureRpcServer.Reply.Json(
            $$"""{"jsonrpc":"2.0","result":{"absoluteSlot":{{slot}},"epoch":{{slot / 432_000}},"slotIndex":{{slot % 432_000}},"slotsInEpoch":432000},"id":1}"""));
        return slot;
    }

    private static ulong MaxLastVote(string fixture)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Fixtures.Path(fixture)));
        var result = document.RootElement.GetProperty("result");
        ulong max = 0;
        foreach (var list in new[] { "current", "delinquent" })
        {
            foreach (var account in result.GetProperty(list).EnumerateArray())
            {
                max = Math.Max(max, account.GetProperty("lastVote").GetUInt64());
            }
        }

        return max;
    }
}
