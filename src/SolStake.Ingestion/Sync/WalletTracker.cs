using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using SolStake.Core.Domain;
using SolStake.Core.Storage;
using SolStake.Ingestion.Rpc;

namespace SolStake.Ingestion.Sync;

/// <summary>
/// Registers a caller's wallet and fetches its stake accounts, bounded for the caller (a cap on wallets, a rate of
/// registrations) and for the process (the first fetch has its own concurrency, a short timeout and a circuit breaker
/// that counts slow answers, so a slow RPC cannot hold a request's capacity or be called without end). What a refused
/// or failed registration made is removed again.
/// </summary>
internal sealed partial class WalletTracker : IWalletTracker, IDisposable
{
    // Callers without a user id share one cap and one rate.
    private const string UnknownCaller = "(no user id)";

    private readonly ISolanaRpcClient _rpc;
    private readonly IWalletStore _wallets;
    private readonly IAuditLog _audit;
    private readonly IEnumerable<IDataChangeListener> _listeners;
    private readonly TimeProvider _time;
    private readonly ILogger<WalletTracker> _logger;
    private readonly WalletTrackingOptions _options;
    private readonly ResiliencePipeline _fetch;
    private readonly PartitionedRateLimiter<string> _registrations;

    public WalletTracker(
        ISolanaRpcClient rpc, IWalletStore wallets, IAuditLog audit, IEnumerable<IDataChangeListener> listeners, TimeProvider time,
        IOptions<WalletTrackingOptions> options, ILogger<WalletTracker> logger)
    {
        _rpc = rpc;
        _wallets = wallets;
        _audit = audit;
        _listeners = listeners;
        _time = time;
        _logger = logger;
        _options = options.Value;
        // Outermost first: a fetch over the concurrency is refused before it reaches the breaker; the timeout is inside
        // the breaker, so a slow answer counts toward opening it like an error does.
        _fetch = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddConcurrencyLimiter(_options.MaxConcurrentFetches, queueLimit: 0)
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = 0.5,
                MinimumThroughput = _options.BreakerMinimumFetches,
                SamplingDuration = TimeSpan.FromMinutes(1),
                BreakDuration = _options.BreakDuration,
            })
            .AddTimeout(_options.FetchTimeout)
            .Build();
        _registrations = PartitionedRateLimiter.Create<string, string>(caller => RateLimitPartition.GetFixedWindowLimiter(caller, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = _options.RegistrationsPerWindow,
            Window = _options.RegistrationWindow,
            QueueLimit = 0,
        }));
    }

    public async Task<WalletRecord> TrackAsync(Pubkey wallet, string? actorId, CancellationToken cancellationToken = default)
    {
        if (NotWallets.Contains(wallet))
        {
            throw new WalletTrackingException(WalletTrackingRefusal.NotAWallet, $"{wallet} is a program's or a sysvar's address, not a wallet.");
        }

        var caller = string.IsNullOrEmpty(actorId) ? UnknownCaller : actorId;
        using (var permit = _registrations.AttemptAcquire(caller))
        {
            if (!permit.IsAcquired)
            {
                throw new WalletTrackingException(WalletTrackingRefusal.TooManyRegistrations, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"At most {_options.RegistrationsPerWindow} registrations per {_options.RegistrationWindow.TotalSeconds:0.###} s (SolStake:Wallets:RegistrationsPerWindow); try again later."));
            }
        }

        var registration = await _wallets.RegisterForAsync(wallet, caller, _options.MaxWalletsPerUser, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false)
            ?? throw new WalletTrackingException(WalletTrackingRefusal.WalletLimitReached,
                $"You track {_options.MaxWalletsPerUser} wallets, the most one user may (SolStake:Wallets:MaxWalletsPerUser).");

        IReadOnlyList<StakeAccount> stakes;
        try
        {
            stakes = await _fetch.ExecuteAsync(
                static async (state, token) => await state._rpc.GetStakeAccountsAsync(state.wallet, StakeAuthority.Staker, token).ConfigureAwait(false),
                (_rpc, wallet), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // A new registration whose first fetch failed is removed: nothing is left that the caller was told failed,
            // and no wallet is fetched on every sync that nobody could see.
            if (registration.Created)
            {
                await _wallets.UnregisterAsync(wallet, CancellationToken.None).ConfigureAwait(false);
            }

            if (ex is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            Log.FetchFailed(_logger, ex, wallet.ToString());
            throw new WalletTrackingException(WalletTrackingRefusal.Unavailable, registration.Created
                ? "The wallet's stake accounts could not be fetched now, so it was not registered; try again later."
                : "The wallet's stake accounts could not be refreshed now; what was fetched before is kept. Try again later.", ex);
        }

        await _wallets.ReplaceStakeAccountsAsync(wallet, [.. stakes], _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        // Written for a new registration only: a refresh changes no one's rights, and an audit row per call would let
        // a caller fill the table.
        if (registration.Created)
        {
            await _audit.WriteAsync("wallet.registered", actorId, new Dictionary<string, string?>
            {
                ["wallet"] = wallet.ToString(),
                ["userId"] = registration.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            }, cancellationToken).ConfigureAwait(false);
        }

        await _listeners.NotifyAsync(DataChange.Wallets, _logger, cancellationToken).ConfigureAwait(false);
        return (await _wallets.GetAsync(wallet, int.MaxValue, cancellationToken).ConfigureAwait(false))!;
    }

    public void Dispose() => _registrations.Dispose();

    private static partial class Log
    {
        [LoggerMessage(EventId = 2401, Level = LogLevel.Warning, Message = "Fetching the stake accounts of {Wallet} for a registration failed or was refused")]
        public static partial void FetchFailed(ILogger logger, Exception exception, string wallet);
    }
}
