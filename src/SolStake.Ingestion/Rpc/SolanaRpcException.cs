using System.Net;
using SolStake.Core;

namespace SolStake.Ingestion.Rpc;

/// <summary>
/// A Solana RPC call failed: the node answered with a JSON-RPC error, an HTTP error status, or a body that is not
/// the expected JSON, or it did not answer in time. The message names the method and never includes the payload.
/// </summary>
public sealed class SolanaRpcException : SolStakeException
{
    /// <summary>The JSON-RPC code of a method that the node does not have.</summary>
    public const int MethodNotFoundCode = -32601;

    internal SolanaRpcException(string method, string message, SolanaRpcFailure failure, int? errorCode = null, HttpStatusCode? httpStatus = null, Exception? innerException = null)
        : base($"{method}: {message}", innerException)
    {
        Method = method;
        Failure = failure;
        ErrorCode = errorCode;
        HttpStatus = httpStatus;
    }

    /// <summary>The RPC method that was called.</summary>
    public string Method { get; }

    /// <summary>What kind of failure it was.</summary>
    public SolanaRpcFailure Failure { get; }

    /// <summary>The JSON-RPC error code, when the node answered with an error object.</summary>
    public int? ErrorCode { get; }

    /// <summary>The HTTP status, when the node answered with an HTTP error.</summary>
    public HttpStatusCode? HttpStatus { get; }

    /// <inheritdoc />
    public override bool IsTransient => Failure switch
    {
        SolanaRpcFailure.Timeout or SolanaRpcFailure.Unreachable => true,
        SolanaRpcFailure.Http => HttpStatus is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int?)HttpStatus >= 500,
        // -32005 node unhealthy/behind, -32004 block not available yet, -32016 min context slot not reached.
        SolanaRpcFailure.JsonRpcError => ErrorCode is -32005 or -32004 or -32016,
        _ => false,
    };
}

/// <summary>The kinds of <see cref="SolanaRpcException"/>.</summary>
public enum SolanaRpcFailure
{
    /// <summary>The node answered with a JSON-RPC error object.</summary>
    JsonRpcError,

    /// <summary>The node answered with an HTTP error status.</summary>
    Http,

    /// <summary>The body was not the JSON the method returns (HTML, truncated, wrong shape).</summary>
    MalformedResponse,

    /// <summary>No answer within the timeout.</summary>
    Timeout,

    /// <summary>The node could not be reached (DNS, connection refused, reset).</summary>
    Unreachable,
}
