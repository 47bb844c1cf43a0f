using System.Globalization;
using System.Text;
using System.Text.Json;
using GraphQL;
using GraphQL.Transport;
using GraphQL.Types;
using GraphQLParser.AST;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SolStake.GraphQL.Http;

/// <summary>
/// The GraphQL-over-HTTP endpoint. Written by hand because GraphQL.Server is not served here; it follows the
/// GraphQL-over-HTTP draft: POST with a JSON body, GET with query-string parameters (queries only).
/// </summary>
internal static class GraphQLEndpoint
{
    private const string ResponseContentType = "application/graphql-response+json; charset=utf-8";

    public static async Task HandlePostAsync(HttpContext http, IDocumentExecuter executer, ISchema schema, IGraphQLTextSerializer serializer)
    {
        var ct = http.RequestAborted;
        // The media type exactly (parameters such as charset allowed): a prefix match took application/jsonxyz, and a
        // body without a type was executed, which lets a page on another origin post a "simple" cross-site request.
        if (!IsJson(http.Request.ContentType))
        {
            await WriteErrorAsync(http, serializer, StatusCodes.Status415UnsupportedMediaType, "REQUEST_ERROR",
                "Unsupported content type; send Content-Type: application/json.").ConfigureAwait(false);
            return;
        }

        // The body is bounded before it is read: a declared length over the limit is refused at once, and a chunked
        // body is cut off by the server when it passes it.
        var maxBody = http.RequestServices.GetRequiredService<IOptions<GraphQLApiOptions>>().Value.MaxRequestBodyBytes;
        if (http.Request.ContentLength > maxBody)
        {
            await WriteTooLargeAsync(http, serializer, maxBody).ConfigureAwait(false);
            return;
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = maxBody;
        }

        GraphQLRequest? request;
        try
        {
            request = await serializer.ReadAsync<GraphQLRequest>(http.Request.Body, ct).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await WriteTooLargeAsync(http, serializer, maxBody).ConfigureAwait(false);
            return;
        }
        catch (JsonException ex)
        {
            await WriteErrorAsync(http, serializer, StatusCodes.Status400BadRequest, "JSON_ERROR",
                $"The request body is not a GraphQL request in JSON (an object with 'query' and optional 'variables', 'operationName' and 'extensions' objects): {Where(ex)}.")
                .ConfigureAwait(false);
            return;
        }

        await ExecuteAsync(http, executer, schema, serializer, request, allowMutations: true).ConfigureAwait(false);
    }

    public static async Task HandleGetAsync(HttpContext http, IDocumentExecuter executer, ISchema schema, IGraphQLTextSerializer serializer)
    {
        var query = http.Request.Query;
        Inputs? variables = null;
        if (query["variables"].ToString() is { Length: > 0 } variablesJson)
        {
            try
            {
                variables = serializer.Deserialize<Inputs>(variablesJson);
            }
            catch (JsonException ex)
            {
                await WriteErrorAsync(http, serializer, StatusCodes.Status400BadRequest, "JSON_ERROR", $"The 'variables' parameter is not a JSON object: {Where(ex)}.")
                    .ConfigureAwait(false);
                return;
            }
        }

        var request = new GraphQLRequest
        {
            Query = query["query"].ToString(),
            OperationName = query["operationName"].ToString() is { Length: > 0 } name ? name : null,
            Variables = variables,
        };
        await ExecuteAsync(http, executer, schema, serializer, request, allowMutations: false).ConfigureAwait(false);
    }

    private static async Task ExecuteAsync(HttpContext http, IDocumentExecuter executer, ISchema schema, IGraphQLTextSerializer serializer, GraphQLRequest? request, bool allowMutations)
    {
        if (await AuthenticateAsync(http, serializer).ConfigureAwait(false) is not { } user)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(request?.Query))
        {
            await WriteErrorAsync(http, serializer, StatusCodes.Status400BadRequest, "REQUEST_ERROR", "The request has no 'query'.").ConfigureAwait(false);
            return;
        }

        var api = http.RequestServices.GetRequiredService<IOptions<GraphQLApiOptions>>().Value;
        var maxLength = api.MaxDocumentLength;
        if (request.Query.Length > maxLength)
        {
            await WriteErrorAsync(http, serializer, StatusCodes.Status400BadRequest, "DOCUMENT_TOO_LARGE",
                $"The query is {request.Query.Length} characters long; the limit is {maxLength}.").ConfigureAwait(false);
            return;
        }

        // Parsed here, once: the limits below are checked on it in one pass before GraphQL.NET's validation, the cache
        // keys on it, and the executer reuses it.
        GraphQLDocument? document = null;
        try
        {
            document = GraphQLParser.Parser.Parse(request.Query);
        }
        catch (GraphQLParser.Exceptions.GraphQLSyntaxErrorException)
        {
            // Left to the executer, which reports it as a GraphQL error with its location.
        }
        catch (GraphQLParser.Exceptions.GraphQLMaxDepthExceededException)
        {
            // Nesting past the parser's limit (selections or an object value): a client error, answered as one,
            // never an unhandled exception (a 500 with a stack trace in the log for every such request).
            await WriteErrorAsync(http, serializer, StatusCodes.Status400BadRequest, "DOCUMENT_TOO_DEEP",
                "The query nests deeper than the parser allows; ask for less.").ConfigureAwait(false);
            return;
        }

        if (document is not null && DocumentLimits.Check(document, api) is { } refusal)
        {
            await WriteErrorAsync(http, serializer, StatusCodes.Status400BadRequest, refusal.Code, refusal.Message).ConfigureAwait(false);
            return;
        }

        // Variables the operation does not declare are dropped: GraphQL ignores them, and kept they would only vary the
        // cache key (one entry per junk value). Clients that send one set of variables with every operation keep working.
        if (document is not null && request.Variables is { Count: > 0 } sent && DocumentLimits.Undeclared(document, request.OperationName, sent.Keys) is { Count: > 0 } undeclared)
        {
            var dropped = undeclared.ToHashSet(StringComparer.Ordinal);
            var kept = sent.Where(v => !dropped.Contains(v.Key)).ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
            request.Variables = kept.Count == 0 ? null : new Inputs(kept);
        }

        // Queries are answered from the response cache when they can be.
        var cache = http.RequestServices.GetService<Caching.GraphQLResponseCache>();
        string? cacheKey = null;
        var generation = cache?.Generation ?? 0;
        if (cache is { Enabled: true })
        {
            cacheKey = document is null ? null : Caching.GraphQLResponseCache.KeyOf(
                document, request.Variables is not { Count: > 0 } variables ? null
                    : serializer.Serialize(new Inputs(new SortedDictionary<string, object?>(variables.ToDictionary(v => v.Key, v => v.Value), StringComparer.Ordinal))),
                request.OperationName,
                http.RequestServices.GetRequiredService<Auth.Callers>().PermissionsOf(user));
            if (cacheKey is not null && await cache.GetAsync(cacheKey, http.RequestAborted).ConfigureAwait(false) is { } cached)
            {
                await WriteResponseAsync(http, StatusCodes.Status200OK, cached, hit: true).ConfigureAwait(false);
                return;
            }
        }

        // Every request has a time budget; the caller going away cancels it too.
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        var timeout = api.ExecutionTimeout;
        budget.CancelAfter(timeout);
        var time = http.RequestServices.GetRequiredService<TimeProvider>();
        var started = time.GetTimestamp();
        var options = new ExecutionOptions
        {
            Schema = schema,
            Query = request.Query,
            Document = document,
            Variables = request.Variables,
            Extensions = request.Extensions,
            OperationName = request.OperationName,
            RequestServices = http.RequestServices,
            User = user,
            CancellationToken = budget.Token,
        };
        var introspection = Introspection(http, api);
        options.ValidationRules = ValidationRules(introspection, allowMutations);
        Loading.RequestLoaders.Attach(options, http.RequestServices);

        ExecutionResult result;
        try
        {
            // The slot is taken after validation, when the cost is known (ExecutionGate.Listener): cheap queries never
            // wait behind costly ones, and a resolver waiting on the RPC steps out of it.
            using var admission = http.RequestServices.GetRequiredService<ExecutionGate>().Admit();
            options.UserContext[ExecutionGate.UserContextKey] = admission;
            options.Listeners.Add(new ExecutionGate.Listener(api.CheapQueryCost));
            result = await executer.ExecuteAsync(options).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested && !http.RequestAborted.IsCancellationRequested)
        {
            await WriteTimeoutAsync(http, serializer, timeout).ConfigureAwait(false);
            return;
        }

        if ((budget.IsCancellationRequested || time.GetElapsedTime(started) > timeout) && !http.RequestAborted.IsCancellationRequested)
        {
            // The executer can also report the cancellation as field errors rather than throw, and a busy thread pool
            // can run the budget's timer late: past the budget is past it, whichever noticed first.
            await WriteTimeoutAsync(http, serializer, timeout).ConfigureAwait(false);
            return;
        }

        // What the query cost as counted before it ran (QueryCost), so a client can see how close it is to the limit.
        if (options.UserContext.TryGetValue(Schema.QueryCost.UserContextKey, out var cost) && cost is double counted)
        {
            http.Response.Headers["X-Query-Cost"] = counted.ToString("0", CultureInfo.InvariantCulture);
        }

        // Serialised into pooled memory: no string and no copy per request; the cache keeps its own exact copy.
        if (!introspection)
        {
            HideSuggestions(result);
        }

        LimitErrors(result);

        // Written within the same time budget and up to the answer's byte limit: past either, the half-written answer
        // is dropped and the client told why.
        using var body = new PooledBufferStream(api.MaxResponseBytes);
        try
        {
            await serializer.WriteAsync(body, result, budget.Token).ConfigureAwait(false);
        }
        catch (AnswerTooLargeException)
        {
            await WriteErrorAsync(http, serializer, StatusCodes.Status400BadRequest, "RESPONSE_TOO_LARGE", string.Create(CultureInfo.InvariantCulture,
                $"The answer is larger than {api.MaxResponseBytes} bytes (SolStake:GraphQL:MaxResponseBytes); ask for fewer fields or smaller pages.")).ConfigureAwait(false);
            return;
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested && !http.RequestAborted.IsCancellationRequested)
        {
            await WriteTimeoutAsync(http, serializer, timeout).ConfigureAwait(false);
            return;
        }

        if (time.GetElapsedTime(started) > timeout && !http.RequestAborted.IsCancellationRequested)
        {
            await WriteTimeoutAsync(http, serializer, timeout).ConfigureAwait(false);
            return;
        }

        var status = result.Executed ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest;
        if (cacheKey is not null && result.Executed && result.Errors is not { Count: > 0 })
        {
            // One exact array, which the cache keeps and the response is written from.
            var answer = body.ToArray();
            var caller = Auth.SolStakeClaimTypes.UserIdOf(user) ?? http.Connection.RemoteIpAddress?.ToString() ?? string.Empty;
            await cache!.SetAsync(cacheKey, answer, generation, caller, http.RequestAborted).ConfigureAwait(false);
            await WriteResponseAsync(http, status, answer, hit: false).ConfigureAwait(false);
            return;
        }

        PrepareResponse(http, status, body.Length, hit: cacheKey is null ? null : false);
        await body.CopyToAsync(http.Response.Body, http.RequestAborted).ConfigureAwait(false);
    }

    // The four rule sets a request can need, built once: GET allows queries only; introspection is refused outside
    // Development unless configured (it maps the whole API for an attacker as well as for a developer).
    private static readonly global::GraphQL.Validation.IValidationRule[] PostRules =
        [.. global::GraphQL.Validation.DocumentValidator.CoreRules, NoNulInStringsRule.Instance, ErrorCeilingRule.Instance];

    private static readonly global::GraphQL.Validation.IValidationRule[] GetRules = [.. PostRules, new GetOnlyQueriesRule()];

    private static readonly global::GraphQL.Validation.IValidationRule[] PostRulesNoIntrospection =
        [.. PostRules, global::GraphQL.Validation.Rules.Custom.NoIntrospectionValidationRule.Instance];

    private static readonly global::GraphQL.Validation.IValidationRule[] GetRulesNoIntrospection =
        [.. GetRules, global::GraphQL.Validation.Rules.Custom.NoIntrospectionValidationRule.Instance];

    private static bool Introspection(HttpContext http, GraphQLApiOptions api) =>
        api.EnableIntrospection ?? http.RequestServices.GetRequiredService<IHostEnvironment>().IsDevelopment();

    /// <summary>
    /// Where introspection is off, validation errors lose their "Did you mean ...?" part: the suggestions name fields,
    /// arguments and types, and a stranger could map the schema with them as with introspection.
    /// </summary>
    private static void HideSuggestions(ExecutionResult result)
    {
        if (result.Errors is not { Count: > 0 } errors || !errors.Any(static e => e.Message.Contains(" Did you mean", StringComparison.Ordinal)))
        {
            return;
        }

        var kept = new ExecutionErrors();
        foreach (var error in errors)
        {
            var at = error.Message.IndexOf(" Did you mean", StringComparison.Ordinal);
            if (at < 0)
            {
                kept.Add(error);
                continue;
            }

            var hidden = new ExecutionError(error.Message[..at]) { Code = error.Code, Path = error.Path };
            foreach (var location in error.Locations ?? [])
            {
                hidden.AddLocation(location);
            }

            kept.Add(hidden);
        }

        result.Errors = kept;
    }

    /// <summary>The most errors an answer lists; a document can be made to fail validation once per selection.</summary>
    internal const int MaxErrors = 20;

    /// <summary>Keeps the first <see cref="MaxErrors"/> errors and says how many more there were.</summary>
    private static void LimitErrors(ExecutionResult result)
    {
        if (result.Errors is [ValidationStopped stopped])
        {
            // Validation ended early (ErrorCeilingRule): its errors, then the one that says it stopped.
            result.Errors = [.. stopped.Found, stopped];
            return;
        }

        if (result.Errors is not { Count: > MaxErrors } errors)
        {
            return;
        }

        var kept = new ExecutionErrors();
        foreach (var error in errors.Take(MaxErrors))
        {
            kept.Add(error);
        }

        kept.Add(new ExecutionError(string.Create(CultureInfo.InvariantCulture, $"{errors.Count - MaxErrors} more errors are not listed.")) { Code = "TOO_MANY_ERRORS" });
        result.Errors = kept;
    }

    private static global::GraphQL.Validation.IValidationRule[] ValidationRules(bool introspection, bool allowMutations)
    {
        return (allowMutations, introspection) switch
        {
            (true, true) => PostRules,
            (false, true) => GetRules,
            (true, false) => PostRulesNoIntrospection,
            (false, false) => GetRulesNoIntrospection,
        };
    }

    /// <summary>
    /// Where the JSON went wrong, without the serializer's message: that names .NET types (GraphQL.Inputs,
    /// GraphQL.Transport.GraphQLRequest), which tell a stranger what the server runs and nothing about their request.
    /// </summary>
    private static string Where(JsonException ex) => string.Create(CultureInfo.InvariantCulture,
        $"at {ex.Path ?? "$"} (line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1})");

    private static bool IsJson(string? contentType) =>
        System.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (string.Equals(media.MediaType, "application/json", StringComparison.OrdinalIgnoreCase)
            || string.Equals(media.MediaType, "application/graphql-response+json", StringComparison.OrdinalIgnoreCase));

    private static Task WriteTimeoutAsync(HttpContext http, IGraphQLTextSerializer serializer, TimeSpan timeout) =>
        WriteErrorAsync(http, serializer, StatusCodes.Status503ServiceUnavailable, "TIMEOUT", string.Create(CultureInfo.InvariantCulture,
            $"The query ran past its time budget of {timeout.TotalSeconds:0.###} s (SolStake:GraphQL:ExecutionTimeout) and was cancelled; ask for less."));

    private static Task WriteTooLargeAsync(HttpContext http, IGraphQLTextSerializer serializer, long maxBody) =>
        WriteErrorAsync(http, serializer, StatusCodes.Status413PayloadTooLarge, "REQUEST_TOO_LARGE",
            $"The request body is larger than {maxBody} bytes (SolStake:GraphQL:MaxRequestBodyBytes).");

    private static async Task WriteResponseAsync(HttpContext http, int status, ReadOnlyMemory<byte> body, bool? hit)
    {
        PrepareResponse(http, status, body.Length, hit);
        await http.Response.Body.WriteAsync(body, http.RequestAborted).ConfigureAwait(false);
    }

    private static void PrepareResponse(HttpContext http, int status, long length, bool? hit)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = ResponseContentType;
        if (hit is { } h)
        {
            http.Response.Headers["X-Cache"] = h ? "HIT" : "MISS";
        }

        http.Response.ContentLength = length;
    }

    // The caller as SolStake's authorization sees it (Callers): the host's scheme or schemes, or SolStake's own tokens.
    // Credentials, when sent, must be valid: bad ones are refused outright rather than treated as anonymous.
    private static async Task<ClaimsPrincipal?> AuthenticateAsync(HttpContext http, IGraphQLTextSerializer serializer)
    {
        var (user, failure) = await http.RequestServices.GetRequiredService<Auth.Callers>().AuthenticateAsync(http).ConfigureAwait(false);
        if (failure is not null)
        {
            await WriteErrorAsync(http, serializer, StatusCodes.Status401Unauthorized, "UNAUTHENTICATED", $"Unauthenticated: {failure}.").ConfigureAwait(false);
            return null;
        }

        return user;
    }

    private static async Task WriteErrorAsync(HttpContext http, IGraphQLTextSerializer serializer, int status, string code, string message)
    {
        var result = new ExecutionResult { Executed = false };
        result.AddError(new ExecutionError(message) { Code = code });
        http.Response.StatusCode = status;
        http.Response.ContentType = ResponseContentType;
        await serializer.WriteAsync(http.Response.Body, result, http.RequestAborted).ConfigureAwait(false);
    }
}
