using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SolStake.Core.Domain;
using SolStake.Ingestion.Rpc.Json;

namespace SolStake.Ingestion.Rpc;

/// <summary>
/// The JSON-RPC client. Written by hand because no Solana SDK is served here. Each endpoint has its own named
/// <see cref="HttpClient"/> from <see cref="IHttpClientFactory"/>, with its own resilience pipeline (retries that
/// honour Retry-After, attempt and total timeouts, a circuit breaker). A call goes to the primary; when it fails
/// in a way another node may not (rate limited, down, timing out, circuit open) and a secondary is configured,
/// the call is made again on the secondary. Every call starts at the primary, so traffic returns to it as soon as
/// it answers again (its circuit breaker lets a trial call through after its break).
/// </summary>
internal sealed partial class SolanaRpcClient(IHttpClientFactory clients, IOptions<SolanaRpcOptions> options, IngestionMetrics metrics, ILogger<SolanaRpcClient> logger) : ISolanaRpcClient
{
    public const string PrimaryClientName = "SolStake.SolanaRpc.Primary";
    public const string SecondaryClientName = "SolStake.SolanaRpc.Secondary";

    private const string ConfigProgram = "Config1111111111111111111111111111111111111";
    private const string StakeProgram = "Stake11111111111111111111111111111111111111";
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json");
    private long _nextId;

    public Task<VoteAccounts> GetVoteAccountsAsync(GetVoteAccountsRequest? request = null, CancellationToken cancellationToken = default) =>
        SendAsync(
            "getVoteAccounts",
            request is null ? null : writer => WriteVoteAccountsParams(writer, request),
            SolanaJsonContext.Default.RpcResponseVoteAccounts,
            cancellationToken);

    public async Task<EpochInfo> GetEpochInfoAsync(CancellationToken cancellationToken = default) =>
        ToEpochInfo(await SendAsync("getEpochInfo", writeParams: null, SolanaJsonContext.Default.RpcResponseEpochInfoDto, cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// Both calls every cycle makes, in one JSON-RPC batch: one round trip instead of two. A node that refuses
    /// batches (some providers do) is asked again with two plain calls.
    /// </summary>
    public async Task<EpochAndVoteAccounts> GetEpochAndVoteAccountsAsync(CancellationToken cancellationToken = default)
    {
        const string method = "batch(getEpochInfo, getVoteAccounts)";
        var epochId = Interlocked.Increment(ref _nextId);
        var votesId = Interlocked.Increment(ref _nextId);
        var answer = await SendWithFailoverAsync(
            method,
            () =>
            {
                var buffer = new ArrayBufferWriter<byte>(256);
                using (var writer = new Utf8JsonWriter(buffer))
                {
                    writer.WriteStartArray();
                    WriteCall(writer, epochId, "getEpochInfo", writeParams: null);
                    WriteCall(writer, votesId, "getVoteAccounts", writeParams: null);
                    writer.WriteEndArray();
                }

                return buffer.WrittenSpan.ToArray();
            },
            body =>
            {
                if (RpcBatch.Split(body) is not { } parts)
                {
                    return null;
                }

                var epoch = parts.TryGetValue(epochId, out var e) ? ParseResult("getEpochInfo", body[e], SolanaJsonContext.Default.RpcResponseEpochInfoDto)
                    : throw Malformed("getEpochInfo", "the batch answer has no entry for it");
                var votes = parts.TryGetValue(votesId, out var v) ? ParseResult("getVoteAccounts", body[v], SolanaJsonContext.Default.RpcResponseVoteAccounts)
                    : throw Malformed("getVoteAccounts", "the batch answer has no entry for it");
                return new EpochAndVoteAccounts(ToEpochInfo(epoch), votes);
            },
            cancellationToken).ConfigureAwait(false);

        if (answer is not null)
        {
            return answer;
        }

        Log.BatchRefused(logger);
        var info = await GetEpochInfoAsync(cancellationToken).ConfigureAwait(false);
        return new EpochAndVoteAccounts(info, await GetVoteAccountsAsync(cancellationToken: cancellationToken).ConfigureAwait(false));
    }

    private static EpochInfo ToEpochInfo(EpochInfoDto dto) => new()
    {
        Epoch = dto.Epoch,
        AbsoluteSlot = dto.AbsoluteSlot,
        SlotIndex = dto.SlotIndex,
        SlotsInEpoch = dto.SlotsInEpoch,
        BlockHeight = dto.BlockHeight,
        TransactionCount = dto.TransactionCount,
    };

    public async Task<EpochSchedule> GetEpochScheduleAsync(CancellationToken cancellationToken = default)
    {
        var dto = await SendAsync("getEpochSchedule", writeParams: null, SolanaJsonContext.Default.RpcResponseEpochScheduleDto, cancellationToken)
            .ConfigureAwait(false);
        return dto.SlotsPerEpoch == 0
            ? throw Malformed("getEpochSchedule", "slotsPerEpoch is 0")
            : new EpochSchedule
            {
                SlotsPerEpoch = dto.SlotsPerEpoch,
                LeaderScheduleSlotOffset = dto.LeaderScheduleSlotOffset,
                Warmup = dto.Warmup,
                FirstNormalEpoch = dto.FirstNormalEpoch,
                FirstNormalSlot = dto.FirstNormalSlot,
            };
    }

    public async Task<ulong> GetSlotAsync(CancellationToken cancellationToken = default) =>
        (await SendAsync("getSlot", writeParams: null, SolanaJsonContext.Default.RpcResponseNullableUInt64, cancellationToken).ConfigureAwait(false))!.Value;

    public async Task<BlockProduction> GetBlockProductionAsync(GetBlockProductionRequest? request = null, CancellationToken cancellationToken = default)
    {
        const string method = "getBlockProduction";
        var dto = await SendAsync(
            method,
            request is null ? null : writer => WriteBlockProductionParams(writer, request),
            SolanaJsonContext.Default.RpcResponseBlockProductionDto,
            cancellationToken).ConfigureAwait(false);
        var value = dto.Value ?? throw Malformed(method, "the result has no value");
        var byIdentity = new Dictionary<Pubkey, LeaderSlots>(value.ByIdentity?.Count ?? 0);
        foreach (var (identity, counts) in value.ByIdentity ?? [])
        {
            if (!Pubkey.TryParse(identity, out var key))
            {
                throw Malformed(method, $"identity '{identity}' is not a valid pubkey");
            }

            byIdentity[key] = counts is [var slots, var produced]
                ? new LeaderSlots(slots, produced)
                : throw Malformed(method, $"the entry of {identity} is not [leaderSlots, blocksProduced]");
        }

        return new BlockProduction(value.Range?.FirstSlot ?? 0, value.Range?.LastSlot ?? 0, byIdentity);
    }

    public async Task<IReadOnlyList<ClusterNode>> GetClusterNodesAsync(CancellationToken cancellationToken = default)
    {
        var nodes = await SendAsync("getClusterNodes", writeParams: null, SolanaJsonContext.Default.RpcResponseListClusterNodeDto, cancellationToken)
            .ConfigureAwait(false);
        var result = new List<ClusterNode>(nodes.Count);
        foreach (var n in nodes)
        {
            result.Add(new ClusterNode
            {
                Pubkey = n.Pubkey ?? throw Malformed("getClusterNodes", "a node has no pubkey"),
                Gossip = n.Gossip,
                Tpu = n.Tpu,
                Rpc = n.Rpc,
                Version = n.Version,
                FeatureSet = n.FeatureSet,
                ShredVersion = n.ShredVersion,
            });
        }

        return result;
    }

    public async Task<IReadOnlyList<PublishedValidatorInfo>> GetValidatorInfoAsync(CancellationToken cancellationToken = default)
    {
        var accounts = await SendAsync(
            "getProgramAccounts",
            static writer =>
            {
                writer.WriteStringValue(ConfigProgram);
                writer.WriteStartObject();
                writer.WriteString("encoding", "jsonParsed");
                writer.WriteEndObject();
            },
            SolanaJsonContext.Default.RpcResponseListProgramAccountDto,
            cancellationToken).ConfigureAwait(false);
        return ProgramAccounts.ToValidatorInfo(accounts);
    }

    public async Task<IReadOnlyList<StakeAccount>> GetStakeAccountsAsync(Pubkey authority, StakeAuthority role = StakeAuthority.Staker, CancellationToken cancellationToken = default)
    {
        var accounts = await SendAsync(
            "getProgramAccounts",
            writer =>
            {
                writer.WriteStringValue(StakeProgram);
                writer.WriteStartObject();
                writer.WriteString("encoding", "jsonParsed");
                writer.WriteStartArray("filters");
                writer.WriteStartObject();
                writer.WriteStartObject("memcmp");
                writer.WriteNumber("offset", role == StakeAuthority.Staker ? 12 : 44);
                writer.WriteString("bytes", authority.ToString());
                writer.WriteEndObject();
                writer.WriteEndObject();
                writer.WriteEndArray();
                writer.WriteEndObject();
            },
            SolanaJsonContext.Default.RpcResponseListProgramAccountDto,
            cancellationToken).ConfigureAwait(false);
        return ProgramAccounts.ToStakeAccounts(accounts);
    }

    public async Task<IReadOnlyList<InflationReward?>> GetInflationRewardAsync(IReadOnlyList<Pubkey> addresses, ulong? epoch = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        if (addresses.Count == 0)
        {
            return [];
        }

        const string method = "getInflationReward";
        var rewards = await SendAsync(
            method,
            writer =>
            {
                writer.WriteStartArray();
                foreach (var address in addresses)
                {
                    writer.WriteStringValue(address.ToString());
                }

                writer.WriteEndArray();
                if (epoch is { } e)
                {
                    writer.WriteStartObject();
                    writer.WriteNumber("epoch", e);
                    writer.WriteEndObject();
                }
            },
            SolanaJsonContext.Default.RpcResponseListInflationRewardDto,
            cancellationToken).ConfigureAwait(false);
        if (rewards.Count != addresses.Count)
        {
            throw Malformed(method, $"asked for {addresses.Count} addresses, got {rewards.Count} entries");
        }

        var result = new InflationReward?[rewards.Count];
        for (var i = 0; i < rewards.Count; i++)
        {
            if (rewards[i] is not { } r)
            {
                continue;
            }

            result[i] = new InflationReward
            {
                Epoch = r.Epoch,
                EffectiveSlot = r.EffectiveSlot,
                Amount = r.Amount,
                PostBalance = r.PostBalance,
                // SIMD-0291 nodes may send commission: null with commissionBps.
                Commission = r.CommissionBps is <= Commission.MaxBasisPoints and var bps ? new Commission(bps)
                    : r.Commission is <= 100 and var percent ? Commission.FromPercent(percent)
                    : null,
            };
        }

        return result;
    }

    public async Task<NodeHealth> GetHealthAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var status = await SendAsync("getHealth", writeParams: null, SolanaJsonContext.Default.RpcResponseString, cancellationToken).ConfigureAwait(false);
            return new NodeHealth(string.Equals(status, "ok", StringComparison.Ordinal), status);
        }
        catch (SolanaRpcException ex) when (ex.Failure == SolanaRpcFailure.JsonRpcError && ex.ErrorCode != SolanaRpcException.MethodNotFoundCode)
        {
            return new NodeHealth(false, ex.Message);
        }
    }

    public async Task<NodeVersion> GetVersionAsync(CancellationToken cancellationToken = default)
    {
        var dto = await SendAsync("getVersion", writeParams: null, SolanaJsonContext.Default.RpcResponseVersionDto, cancellationToken).ConfigureAwait(false);
        return new NodeVersion(dto.SolanaCore ?? throw Malformed("getVersion", "no solana-core"), dto.FeatureSet);
    }

    private static void WriteBlockProductionParams(Utf8JsonWriter writer, GetBlockProductionRequest request)
    {
        writer.WriteStartObject();
        if (request.Identity is { } identity)
        {
            writer.WriteString("identity", identity.ToString());
        }

        if (request.FirstSlot is { } first)
        {
            writer.WriteStartObject("range");
            writer.WriteNumber("firstSlot", first);
            if (request.LastSlot is { } last)
            {
                writer.WriteNumber("lastSlot", last);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteVoteAccountsParams(Utf8JsonWriter writer, GetVoteAccountsRequest request)
    {
        writer.WriteStartObject();
        if (request.VotePubkey is { } vote)
        {
            writer.WriteString("votePubkey", vote.ToString());
        }

        if (request.KeepUnstakedDelinquents is { } keep)
        {
            writer.WriteBoolean("keepUnstakedDelinquents", keep);
        }

        if (request.DelinquentSlotDistance is { } distance)
        {
            writer.WriteNumber("delinquentSlotDistance", distance);
        }

        writer.WriteEndObject();
    }

    private Task<T> SendAsync<T>(string method, Action<Utf8JsonWriter>? writeParams, JsonTypeInfo<RpcResponse<T>> typeInfo, CancellationToken cancellationToken) =>
        SendWithFailoverAsync(
            method,
            () => CreateRequestBody(Interlocked.Increment(ref _nextId), method, writeParams),
            body => ParseResult(method, body, typeInfo),
            cancellationToken);

    // A call the primary fails transiently is made again on the secondary, when there is one.
    private async Task<T> SendWithFailoverAsync<T>(string method, Func<byte[]> body, BodyParser<T> parse, CancellationToken cancellationToken)
    {
        try
        {
            return await SendToAsync(PrimaryClientName, method, body(), parse, cancellationToken).ConfigureAwait(false);
        }
        catch (SolanaRpcException ex) when (ex.IsTransient && options.Value.SecondaryRpcUrl is not null)
        {
            Log.FailingOver(logger, method, ex.Failure, ex.HttpStatus is { } status ? (int)status : null);
            return await SendToAsync(SecondaryClientName, method, body(), parse, cancellationToken).ConfigureAwait(false);
        }
    }

    private delegate T BodyParser<T>(ReadOnlySpan<byte> body);

    // One span and one measurement per call and endpoint (labelled primary/secondary: URLs may carry API keys).
    private async Task<T> SendToAsync<T>(string clientName, string method, byte[] body, BodyParser<T> parse, CancellationToken cancellationToken)
    {
        var endpoint = clientName == PrimaryClientName ? "primary" : "secondary";
        using var activity = IngestionTelemetry.Source.StartActivity("rpc " + method, System.Diagnostics.ActivityKind.Client);
        activity?.SetTag("rpc.system", "jsonrpc");
        activity?.SetTag("rpc.method", method);
        activity?.SetTag("solstake.rpc.endpoint", endpoint);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            var result = await SendCoreAsync(clients.CreateClient(clientName), method, body, parse, cancellationToken).ConfigureAwait(false);
            metrics.RpcCall(method, endpoint, System.Diagnostics.Stopwatch.GetElapsedTime(started), failure: null);
            return result;
        }
        catch (SolanaRpcException ex)
        {
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.Message);
            metrics.RpcCall(method, endpoint, System.Diagnostics.Stopwatch.GetElapsedTime(started), ex.Failure.ToString());
            throw;
        }
    }

    private async Task<T> SendCoreAsync<T>(HttpClient httpClient, string method, byte[] body, BodyParser<T> parse, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = JsonContentType;
        using var request = new HttpRequestMessage(HttpMethod.Post, (Uri?)null) { Content = content };
        var started = System.Diagnostics.Stopwatch.GetTimestamp();

        HttpResponseMessage response;
        try
        {
            response = await httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SolanaRpcException(method, "the node did not answer in time", SolanaRpcFailure.Timeout);
        }
        catch (Polly.Timeout.TimeoutRejectedException ex)
        {
            throw new SolanaRpcException(method, "the node did not answer in time", SolanaRpcFailure.Timeout, innerException: ex);
        }
        catch (Polly.CircuitBreaker.BrokenCircuitException ex)
        {
            throw new SolanaRpcException(method, "the endpoint is failing; calls are paused by the circuit breaker", SolanaRpcFailure.Unreachable, innerException: ex);
        }
        catch (HttpRequestException ex)
        {
            throw new SolanaRpcException(method, $"the node could not be reached ({ex.HttpRequestError})", SolanaRpcFailure.Unreachable, innerException: ex);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new SolanaRpcException(
                    method,
                    $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}",
                    SolanaRpcFailure.Http,
                    httpStatus: response.StatusCode);
            }

            T result;
            try
            {
                var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                await using (stream.ConfigureAwait(false))
                {
                    result = await ReadBodyAsync(stream, parse, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new SolanaRpcException(method, "the node did not finish the answer in time", SolanaRpcFailure.Timeout);
            }
            catch (HttpRequestException ex)
            {
                throw new SolanaRpcException(method, $"the connection failed while reading the answer ({ex.HttpRequestError})", SolanaRpcFailure.Unreachable, innerException: ex);
            }

            Log.Called(logger, method, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return result;
        }
    }

    /// <summary>
    /// Reads a JSON-RPC response body: its result, or a typed exception for an error object or a body of the wrong
    /// shape. The body is first read whole into a pooled buffer and then parsed in one synchronous pass: parsing a
    /// stream asynchronously makes System.Text.Json scan a large value twice before a converter may read it.
    /// </summary>
    internal static ValueTask<T> ReadResultAsync<T>(string method, Stream body, JsonTypeInfo<RpcResponse<T>> typeInfo, CancellationToken cancellationToken) =>
        ReadBodyAsync(body, span => ParseResult(method, span, typeInfo), cancellationToken);

    private static async ValueTask<T> ReadBodyAsync<T>(Stream body, BodyParser<T> parse, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }

            return parse(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static T ParseResult<T>(string method, ReadOnlySpan<byte> body, JsonTypeInfo<RpcResponse<T>> typeInfo)
    {
        RpcResponse<T>? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize(body, typeInfo);
        }
        catch (JsonException ex)
        {
            throw Malformed(method, $"the body is not the expected JSON ({FirstLine(ex.Message)})", ex);
        }

        if (envelope?.Error is { } error)
        {
            throw new SolanaRpcException(method, $"JSON-RPC error {error.Code}: {error.Message}", SolanaRpcFailure.JsonRpcError, errorCode: error.Code);
        }

        return envelope is { Result: { } result } ? result : throw Malformed(method, "the answer has neither a result nor an error");
    }

    private static byte[] CreateRequestBody(long id, string method, Action<Utf8JsonWriter>? writeParams)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteCall(writer, id, method, writeParams);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteCall(Utf8JsonWriter writer, long id, string method, Action<Utf8JsonWriter>? writeParams)
    {
        writer.WriteStartObject();
        writer.WriteString("jsonrpc", "2.0");
        writer.WriteNumber("id", id);
        writer.WriteString("method", method);
        if (writeParams is not null)
        {
            writer.WriteStartArray("params");
            writeParams(writer);
            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    internal static SolanaRpcException Malformed(string method, string message, Exception? inner = null) =>
        new(method, message, SolanaRpcFailure.MalformedResponse, innerException: inner);

    private static string FirstLine(string message)
    {
        var end = message.IndexOf('\n', StringComparison.Ordinal);
        return end < 0 ? message : message[..end];
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2001, Level = LogLevel.Debug, Message = "RPC {Method} answered in {ElapsedMs:0.0} ms")]
        public static partial void Called(ILogger logger, string method, double elapsedMs);

        [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "The node refused a JSON-RPC batch; asking with single calls")]
        public static partial void BatchRefused(ILogger logger);

        [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "RPC {Method} failed on the primary endpoint ({Failure}, HTTP {Status}); trying the secondary")]
        public static partial void FailingOver(ILogger logger, string method, SolanaRpcFailure failure, int? status);
    }
}
