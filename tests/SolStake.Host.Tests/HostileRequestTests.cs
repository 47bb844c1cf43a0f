using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace SolStake.Host.Tests;

/// <summary>Requests meant to cost the server or to reach the database with input it refuses, through a real host.</summary>
public class HostileRequestTests
{
    private static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(LightApi api, HttpContent content)
    {
        using var response = await api.Http.PostAsync("graphql", content);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private static string FirstErrorCode(JsonElement body) => body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString()!;

    [Test]
    public async Task ABodyOverTheLimit_Is413_WhetherItsLengthIsDeclaredOrNot()
    {
        await using var api = await LightApi.StartAsync();
        var padding = new string('x', 200 * 1024);
        var json = JsonSerializer.Serialize(new { query = "{ __typename }", variables = new { padding } });

        var (declaredStatus, declared) = await PostAsync(api, new StringContent(json, Encoding.UTF8, "application/json"));
        using var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        chunked.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "graphql") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        using var streamed = await api.Http.SendAsync(request);
        var (smallStatus, _) = await PostAsync(api, JsonContent.Create(new { query = "{ __typename }" }));

        Assert.Multiple(() =>
        {
            Assert.That(declaredStatus, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
            Assert.That(FirstErrorCode(declared), Is.EqualTo("REQUEST_TOO_LARGE"));
            Assert.That(declared.GetProperty("errors")[0].GetProperty("message").GetString(), Does.Contain("MaxRequestBodyBytes"));
            Assert.That(streamed.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
            Assert.That(smallStatus, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [Test]
    public async Task ANulCharacter_InALiteralOrAVariable_IsBadUserInput_NamingTheArgument()
    {
        await using var api = await LightApi.StartAsync();

        var (literalStatus, literal) = await PostAsync(api, JsonContent.Create(new { query = "{ validators(search: \"a\\u0000b\") { voteAccount } }" }));
        var (variableStatus, variable) = await PostAsync(api, JsonContent.Create(new
        {
            query = "query Q($s: String) { validators(search: $s) { voteAccount } }",
            variables = new { s = "x\0" },
        }));

        Assert.Multiple(() =>
        {
            Assert.That(literalStatus, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(FirstErrorCode(literal), Is.EqualTo("BAD_USER_INPUT"));
            Assert.That(literal.GetProperty("errors")[0].GetProperty("message").GetString(), Does.Contain("'search'"));
            Assert.That(variableStatus, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(FirstErrorCode(variable), Is.EqualTo("BAD_USER_INPUT"));
        });
    }

    [TestCase(null, HttpStatusCode.BadRequest, TestName = "Introspection_OutsideDevelopment_IsOffByDefault")]
    [TestCase("true", HttpStatusCode.OK, TestName = "Introspection_OutsideDevelopment_CanBeTurnedOn")]
    public async Task Introspection(string? enabled, HttpStatusCode expected)
    {
        await using var api = await LightApi.StartAsync(configure: c => c["SolStake:GraphQL:EnableIntrospection"] = enabled);

        var (status, body) = await PostAsync(api, JsonContent.Create(new { query = "{ __schema { queryType { name } } }" }));
        var (typenameStatus, _) = await PostAsync(api, JsonContent.Create(new { query = "{ __typename }" }));

        Assert.That(status, Is.EqualTo(expected), body.ToString());
        Assert.That(typenameStatus, Is.EqualTo(HttpStatusCode.OK), "__typename is not introspection");
    }

    [Test]
    public async Task AQueryPastItsTimeBudget_IsCancelled_WithATimeoutError()
    {
        await using var api = await ApiHarness.StartAsync("Sqlite", configure: c => c["SolStake:GraphQL:ExecutionTimeout"] = "00:00:00.001");

        // Within the cost limit (QueryCost), so it reaches execution, and far longer than 1 ms to answer.
        var (status, body) = await api.QueryAsync("{ validators { voteAccount name latestTrustScore { score } } }");

        Assert.That(status, Is.EqualTo(503), body.ToString());
        Assert.That(FirstErrorCode(body), Is.EqualTo("TIMEOUT"));
        Assert.That(body.GetProperty("errors")[0].GetProperty("message").GetString(), Does.Contain("ExecutionTimeout"));
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body, double? Cost)> CostAsync(ApiHarness api, string query, object? variables = null, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "graphql") { Content = JsonContent.Create(new { query, variables }) };
        if (token is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await api.Http.SendAsync(request);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        var cost = response.Headers.TryGetValues("X-Query-Cost", out var values) ? double.Parse(values.Single(), System.Globalization.CultureInfo.InvariantCulture) : (double?)null;
        return (response.StatusCode, body, cost);
    }

    private const double Query = SolStake.GraphQL.Schema.QueryCost.DatabaseQuery;
    private const double Row = SolStake.GraphQL.Schema.QueryCost.ValidatorRow;

    // The harness holds the epoch-752 recording (1,351 validators) and three completed scoring runs.
    private const int Validators = 1351;
    private const int Runs = 3;

    [Test]
    public async Task A_hundred_aliases_of_a_large_page_are_refused_before_anything_runs_with_the_cost_and_the_limit()
    {
        await using var api = await ApiHarness.StartAsync("Sqlite");
        // As many aliases as MaxAliases allows (more are refused before the cost is counted: RequestShapeTests).
        var aliases = string.Concat(Enumerable.Range(0, 100).Select(i => $"a{i}:validators(limit:5000){{voteAccount}}"));
        var smallPages = string.Concat(Enumerable.Range(0, 100).Select(i => $"a{i}:validators(limit:1){{voteAccount}}"));
        api.Commands.Reset();

        var (status, body, cost) = await CostAsync(api, $"{{{aliases}}}");
        var (smallStatus, small, smallCost) = await CostAsync(api, $"{{{smallPages}}}");
        var commands = api.Commands.Count;
        var limit = new SolStake.GraphQL.GraphQLApiOptions().MaxComplexity;

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest), body.ToString());
            Assert.That(FirstErrorCode(body), Is.EqualTo("COMPLEXITY"));
            // A page of 5,000 holds every stored validator: 1,351 rows.
            Assert.That(body.GetProperty("errors")[0].GetProperty("message").GetString(),
                Does.Contain($"costs {100 * (Query + (Validators * (Row + 1)))}").And.Contain($"limit is {limit}"));
            Assert.That(cost, Is.EqualTo(100 * (Query + (Validators * (Row + 1)))));
            Assert.That(body.TryGetProperty("data", out _), Is.False, "nothing ran");
            // Each alias is a database query even for one row.
            Assert.That((smallStatus, FirstErrorCode(small), smallCost), Is.EqualTo((HttpStatusCode.BadRequest, "COMPLEXITY", 100 * (Query + Row + 1))));
            Assert.That(commands, Is.LessThanOrEqualTo(2), "nothing ran but the cost model's two size reads (validators, runs)");
        });
    }

    [Test]
    public async Task The_seed_shaped_list_and_the_earlier_designs_queries_are_accepted_and_their_cost_is_reported()
    {
        await using var api = await ApiHarness.StartAsync("Sqlite");

        var (status, body, cost) = await CostAsync(api, "{ validators { id voteAccount validatorPubkey commission uptime latestTrustScore { score createdAt } } }");
        var (allStatus, all, allCost) = await CostAsync(api,
            "query GetValidators { validators { id voteAccount name validatorPubkey commission uptime trustScores { id score createdAt scoringRunId } latestTrustScore { id score createdAt } createdAt updatedAt } }");
        const string Runs20 = "query GetScoringRuns { scoringRuns { id runDate status validatorCount successCount failCount trustScores { score validator { validatorPubkey } } } }";
        var (anonymousRunsStatus, anonymousRuns, _) = await CostAsync(api, Runs20);
        var (runsStatus, runs, runsCost) = await CostAsync(api, Runs20, token: api.Token("viewer"));

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body.ToString());
            // The query, and every stored validator's row with 8 values.
            Assert.That(cost, Is.EqualTo(Query + (Validators * (Row + 8))));
            Assert.That(allStatus, Is.EqualTo(HttpStatusCode.OK), all.ToString());
            // Per validator: 6 values, trustScores with 4 values per stored run, latestTrustScore with 3, 2 dates.
            Assert.That(allCost, Is.EqualTo(Query + (Validators * (Row + 6 + 1 + (Runs * 4) + 1 + 3 + 2))));
            // Signed-in callers have the larger budget; anonymous ones are told to sign in, not that it costs too much.
            Assert.That(FirstErrorCode(anonymousRuns), Is.EqualTo("UNAUTHENTICATED"), anonymousRuns.ToString());
            Assert.That(anonymousRunsStatus, Is.EqualTo(HttpStatusCode.OK).Or.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(runsStatus, Is.EqualTo(HttpStatusCode.OK), runs.ToString());
            Assert.That(runsCost, Is.EqualTo(Query + (20 * (6 + 1 + (Validators * (1 + 1 + 1))))));
        });
    }

    [Test]
    public async Task Nested_lists_multiply_their_sizes_from_literals_and_variables_and_a_negative_size_counts_as_one()
    {
        await using var api = await ApiHarness.StartAsync("Sqlite");
        const string Nested = "query Q($n: Int) { validators(limit: $n) { voteAccount epochPerformance(last: 64) { epoch credits } } }";

        var (_, _, hundred) = await CostAsync(api, Nested, new { n = 100 });
        var (thousandStatus, thousand, thousandCost) = await CostAsync(api, Nested, new { n = 1000 });
        var (_, _, history) = await CostAsync(api, "{ validators(limit: 2) { scoreHistory(last: 50) { score breakdown { points detail } } } }");
        var (_, _, defaults) = await CostAsync(api, "{ validators(limit: 2) { epochPerformance { epoch } } }");
        var (negativeStatus, negativeBody, negative) = await CostAsync(api, "{ validators(limit: -100000) { voteAccount } }");

        Assert.Multiple(() =>
        {
            // Per validator: voteAccount, epochPerformance, and 64 epochs of 2 values.
            Assert.That(hundred, Is.EqualTo(Query + (100 * (Row + 1 + 1 + (64 * 2)))));
            Assert.That((thousandStatus, FirstErrorCode(thousand)), Is.EqualTo((HttpStatusCode.BadRequest, "COMPLEXITY")));
            Assert.That(thousandCost, Is.EqualTo(Query + (1000 * (Row + 1 + 1 + (64 * 2)))));
            // A history is never longer than the stored runs; a factor's detail counts 3.
            Assert.That(history, Is.EqualTo(Query + (2 * (Row + 1 + (Runs * (1 + 1 + (10 * (1 + 3))))))));
            Assert.That(defaults, Is.EqualTo(Query + (2 * (Row + 1 + 10))), "last defaults to 10");
            Assert.That(negative, Is.EqualTo(Query + Row + 1), "a negative limit cannot subtract the cost of other fields");
            Assert.That(FirstErrorCode(negativeBody), Is.EqualTo("BAD_USER_INPUT"), "and the argument is still refused");
            Assert.That(negativeStatus, Is.EqualTo(HttpStatusCode.OK), "a field error: the query ran and the field was refused");
        });
    }

    // What GraphiQL and other tools send first (graphql-js getIntrospectionQuery, with descriptions).
    private const string ToolIntrospection = """
        query IntrospectionQuery {
          __schema {
            queryType { name } mutationType { name } subscriptionType { name }
            types { ...FullType }
            directives { name description locations args { ...InputValue } }
          }
        }
        fragment FullType on __Type {
          kind name description
          fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
          inputFields { ...InputValue }
          interfaces { ...TypeRef }
          enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
          possibleTypes { ...TypeRef }
        }
        fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
        fragment TypeRef on __Type {
          kind name
          ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }
        }
        """;

    [Test]
    public async Task Where_introspection_is_on_the_query_tools_send_first_is_answered()
    {
        await using var api = await LightApi.StartAsync(configure: c => c["SolStake:GraphQL:EnableIntrospection"] = "true");

        var (status, body) = await PostAsync(api, JsonContent.Create(new { query = ToolIntrospection }));

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body.ToString());
        Assert.That(body.GetProperty("data").GetProperty("__schema").GetProperty("types").GetArrayLength(), Is.GreaterThan(20));
    }
}
