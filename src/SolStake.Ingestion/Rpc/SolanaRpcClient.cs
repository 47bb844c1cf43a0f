using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using SolStake.Core.Domain;
using SolStake.Ingestion.Rpc.Json;

namespace SolStake.Ingestion.Rpc;

/// <summary>
/// The JSON-RPC client. Written by hand because no Solana SDK is served here; the HTTP client it gets from
/// <see cref="IHttpClientFactory"/> carries the resilience pipeline (retries, timeouts, circuit breaker).
/// </summary>
internal sealed partial class SolanaRpcClient(HttpClient httpClient, ILogger<SolanaRpcClient> logger) : ISolanaRpcClient
{
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json");
    private long _nextId;

    public Task<VoteAccounts> GetVoteAccountsAsync(GetVoteAccountsRequest? request = null, CancellationToken cancellationToken = default) =>
        SendAsync(
            "getVoteAccounts",
            request is null ? null : writer => WriteVoteAccountsParams(writer, request),
            SolanaJsonContext.Default.RpcResponseVoteAccounts,
            cancellationToken);

    public async Task<EpochInfo> GetEpochInfoAsync(CancellationToken cancellationToken = default)
    {
        var dto = await SendAsync("getEpochInfo", writeParams: null, SolanaJsonContext.Default.RpcResponseEpochInfoDto, cancellationToken)
            .ConfigureAwait(false);
        return new EpochInfo
        {
            Epoch = dto.Epoch,
            AbsoluteSlot = dto.AbsoluteSlot,
            SlotIndex = dto.SlotIndex,
            SlotsInEpoch = dto.SlotsInEpoch,
            BlockHeight = dto.BlockHeight,
            TransactionCount = dto.TransactionCount,
        };
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

    private async Task<T> SendAsync<T>(string method, Action<Utf8JsonWriter>? writeParams, JsonTypeInfo<RpcResponse<T>> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        var id = Interlocked.Increment(ref _nextId);
        using var content = CreateRequestContent(id, method, writeParams);
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
                    result = await ReadResultAsync(method, stream, typeInfo, cancellationToken).ConfigureAwait(false);
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
    internal static async ValueTask<T> ReadResultAsync<T>(string method, Stream body, JsonTypeInfo<RpcResponse<T>> typeInfo, CancellationToken cancellationToken)
        where T : class
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

            return ParseResult(method, buffer.AsSpan(0, length), typeInfo);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static T ParseResult<T>(string method, ReadOnlySpan<byte> body, JsonTypeInfo<RpcResponse<T>> typeInfo)
        where T : class
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

        return envelope?.Result ?? throw Malformed(method, "the answer has neither a result nor an error");
    }

    private static ByteArrayContent CreateRequestContent(long id, string method, Action<Utf8JsonWriter>? writeParams)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
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

        var content = new ByteArrayContent(buffer.WrittenSpan.ToArray());
        content.Headers.ContentType = JsonContentType;
        return content;
    }

    private static SolanaRpcException Malformed(string method, string message, Exception? inner = null) =>
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
    }
}
