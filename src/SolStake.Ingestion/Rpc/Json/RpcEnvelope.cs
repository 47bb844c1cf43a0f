namespace SolStake.Ingestion.Rpc.Json;

/// <summary>A JSON-RPC 2.0 response: a result or an error.</summary>
internal sealed class RpcResponse<T>
{
    public T? Result { get; set; }

    public RpcError? Error { get; set; }
}

internal sealed class RpcError
{
    public int Code { get; set; }

    public string? Message { get; set; }
}
