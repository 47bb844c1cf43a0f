using SolStake.Core.Domain;

namespace SolStake.Ingestion.Sync;

/// <summary>
/// Addresses that are never a staker's wallet: Solana's native and common programs and its sysvars. A registration of
/// one would fetch every account the program owns (<c>getProgramAccounts</c> by staker) on every sync. Listed by hand:
/// no served library names them.
/// </summary>
internal static class NotWallets
{
    private static readonly HashSet<Pubkey> Known =
    [
        .. new[]
        {
            // Native programs and loaders.
            "11111111111111111111111111111111", "Stake11111111111111111111111111111111111111", "Vote111111111111111111111111111111111111111",
            "Config1111111111111111111111111111111111111", "StakeConfig11111111111111111111111111111111", "ComputeBudget111111111111111111111111111111",
            "AddressLookupTab1e1111111111111111111111111", "BPFLoader1111111111111111111111111111111111", "BPFLoader2111111111111111111111111111111111",
            "BPFLoaderUpgradeab1e11111111111111111111111", "LoaderV411111111111111111111111111111111111", "NativeLoader1111111111111111111111111111111",
            "KeccakSecp256k11111111111111111111111111111", "Ed25519SigVerify111111111111111111111111111", "Feature111111111111111111111111111111111111",
            "1nc1nerator11111111111111111111111111111111",
            // Token programs.
            "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA", "TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb", "ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL",
            "MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr",
            // Sysvars and their owner.
            "Sysvar1111111111111111111111111111111111111", "SysvarC1ock11111111111111111111111111111111", "SysvarRent111111111111111111111111111111111",
            "SysvarEpochSchedu1e111111111111111111111111", "SysvarFees111111111111111111111111111111111", "SysvarRecentB1ockHashes11111111111111111111",
            "SysvarRewards111111111111111111111111111111", "SysvarS1otHashes111111111111111111111111111", "SysvarS1otHistory11111111111111111111111111",
            "SysvarStakeHistory1111111111111111111111111", "Sysvar1nstructions1111111111111111111111111", "SysvarLastRestartS1ot1111111111111111111111",
            "SysvarEpochRewards1111111111111111111111111",
        }.Select(Pubkey.Parse),
    ];

    /// <summary>Whether <paramref name="address"/> is a program's or a sysvar's.</summary>
    public static bool Contains(Pubkey address) => Known.Contains(address);
}
