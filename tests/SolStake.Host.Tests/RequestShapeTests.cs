using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace SolStake.Host.Tests;

/// <summary>Requests a client gets wrong: answered with a status and a code, never executed by accident or as a 500.</summary>
public class RequestShapeTests
{
    [TestCase(null)]
    [TestCase("application/jsonxyz")]
    [TestCase("text/plain")]
    [TestCase("application/x-www-form-urlencoded")]
    public async Task Post_WithoutAJsonContentType_Is415_AndNotExecuted(string? contentType)
    {
        await using var api = await LightApi.StartAsync();
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"query":"{ __typename }"}"""));
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        using var response = await api.Http.PostAsync("graphql", content);
        var body = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType), body);
        Assert.That(body, Does.Not.Contain("__typename").And.Not.Contain("\"data\""));
    }

    [TestCase("application/json")]
    [TestCase("application/json; charset=utf-8")]
    [TestCase("Application/JSON")]
    [TestCase("application/graphql-response+json")]
    public async Task Post_WithAJsonContentType_IsExecuted(string contentType)
    {
        await using var api = await LightApi.StartAsync();
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"query":"{ __typename }"}"""));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        using var response = await api.Http.PostAsync("graphql", content);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    [TestCase(64, false)]
    [TestCase(100, true)]
    public async Task DocumentNestedPastTheParsersLimit_Is400WithACode_Not500(int depth, bool asObjectValue)
    {
        await using var api = await LightApi.StartAsync();
        var query = asObjectValue
            ? "{ validators(filter: " + string.Concat(Enumerable.Repeat("{a: ", depth)) + "1" + new string('}', depth) + ") { id } }"
            : "{ " + string.Concat(Enumerable.Repeat("a { ", depth)) + "b" + new string('}', depth + 1);

        using var response = await api.QueryAsync(query: query);
        var body = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), body);
        using var json = JsonDocument.Parse(body);
        Assert.That(json.RootElement.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString(), Is.EqualTo("DOCUMENT_TOO_DEEP"));
    }

    [TestCase("{ validatorz { id } }")]
    [TestCase("{ validators(limt: 1) { id } }")]
    public async Task OutsideDevelopment_ValidationErrors_SuggestNothing(string query)
    {
        await using var api = await LightApi.StartAsync();

        using var response = await api.QueryAsync(query: query);
        var body = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), body);
        Assert.That(body, Does.Contain("\"errors\"").And.Not.Contain("Did you mean").And.Not.Contain("\"limit\"").And.Not.Contain("\"validators\""));
    }

    private static string CodeOf(string body)
    {
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString()!;
    }

    private static async Task<(HttpStatusCode Status, string Body)> PostAsync(LightApi api, object request)
    {
        using var response = await api.Http.PostAsJsonAsync("graphql", request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    // The finding: 760 fields of one response name with different arguments spent 4 s of CPU in the overlapping-fields
    // rule and answered 400 without a cost error. Each shape is now refused by a one-pass count before validation.
    [TestCase("alias", "TOO_MANY_ALIASES")]
    [TestCase("finding", "TOO_MANY_REPEATED_FIELDS")]
    [TestCase("repeated", "TOO_MANY_REPEATED_FIELDS")]
    [TestCase("fragments", "TOO_MANY_REPEATED_FIELDS")]
    [TestCase("conflict", "FIELDS_CONFLICT")]
    [TestCase("fields", "TOO_MANY_FIELDS")]
    public async Task DocumentsPastTheFieldLimits_Are400WithACode_BeforeValidation(string shape, string code)
    {
        await using var api = await LightApi.StartAsync();
        var query = shape switch
        {
            "alias" => "{" + string.Concat(Enumerable.Range(0, 101).Select(i => $" v{i}: validators(limit: 1) {{ id }}")) + " }",
            // The finding's document (19.7 kB): one alias, two page sizes, 760 times.
            "finding" => "{" + string.Concat(Enumerable.Range(0, 760).Select(i => $"v:validators(limit:{1 + (i % 2)}){{id}}")) + "}",
            "repeated" => "{" + string.Concat(Enumerable.Range(0, 11).Select(i => $" validators(limit: {1 + i}) {{ id }}")) + " }",
            "fragments" => "{ ...f0 }" + string.Concat(Enumerable.Range(0, 11).Select(i => $" fragment f{i} on Query {{ validators(limit: {1 + i}) {{ id }} {(i < 10 ? $"...f{i + 1}" : "")} }}")),
            "conflict" => "{ validators(limit: 1) { id } validators(limit: 2) { id } }",
            // 1,010 fields without an alias or more than 10 of one name: 101 fragments of 10 each.
            _ => "{ __typename }" + string.Concat(Enumerable.Range(0, 101).Select(i => $" fragment f{i} on Query {{{string.Concat(Enumerable.Repeat(" __typename", 10))} }}")),
        };

        var (status, body) = await PostAsync(api, new { query });

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest), body);
        Assert.That(CodeOf(body), Is.EqualTo(code), body);
    }

    [Test]
    public async Task DocumentsAtTheFieldLimits_AreAnswered()
    {
        await using var api = await LightApi.StartAsync();
        // 100 aliases, and 10 fields of one name through 10 fragments on one type: within every limit, and the same
        // field each time, so nothing conflicts.
        var query = "{" + string.Concat(Enumerable.Range(0, 100).Select(i => $" a{i}: __typename")) + string.Concat(Enumerable.Range(0, 10).Select(i => $" ...f{i}")) + " }"
            + string.Concat(Enumerable.Range(0, 10).Select(i => $" fragment f{i} on Query {{ __typename }}"));

        var (status, body) = await PostAsync(api, new { query });

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body);
        Assert.That(body, Does.Contain("\"a99\":\"Query\""));
    }

    [Test]
    public async Task ConflictingFieldsThroughFragmentsOnOneType_AreRefusedBeforeValidation()
    {
        await using var api = await LightApi.StartAsync();
        var query = "{ ...f0 ...f1 } fragment f0 on Query { w: validators(limit: 1) { id } } fragment f1 on Query { w: validators(limit: 2) { id } }";

        var (status, body) = await PostAsync(api, new { query });

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest), body);
        Assert.That(CodeOf(body), Is.EqualTo("FIELDS_CONFLICT"));
    }

    [Test]
    public async Task VariablesTheOperationDoesNotDeclare_AreIgnored_AsGraphQLIgnoresThem()
    {
        await using var api = await LightApi.StartAsync();

        var (status, body) = await PostAsync(api, new { query = "{ __typename }", variables = new { n = 1 } });
        var (declaredStatus, declared) = await PostAsync(api, new { query = "query Q($n: Boolean!) { __typename @include(if: $n) }", variables = new { n = true, other = 5 } });

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body);
        Assert.That(declaredStatus, Is.EqualTo(HttpStatusCode.OK), declared);
        Assert.That(declared, Does.Contain("\"__typename\":\"Query\""));
    }

    [Test]
    public async Task AnAnswerPastTheByteLimit_Is400WithACode_AndNoHalfDocument()
    {
        await using var api = await LightApi.StartAsync(configure: c =>
        {
            c["SolStake:GraphQL:EnableIntrospection"] = "true";
            c["SolStake:GraphQL:MaxResponseBytes"] = "2048";
        });

        var (status, body) = await PostAsync(api, new { query = "{ __schema { types { name fields { name description } } } }" });
        var (smallStatus, small) = await PostAsync(api, new { query = "{ __typename }" });

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest), body);
        Assert.That(CodeOf(body), Is.EqualTo("RESPONSE_TOO_LARGE"));
        Assert.That(body, Does.Not.Contain("\"data\"").And.Contain("MaxResponseBytes"));
        Assert.That(smallStatus, Is.EqualTo(HttpStatusCode.OK), small);
    }

    [TestCase("{\"query\": 5}")]
    [TestCase("[1, 2]")]
    [TestCase("{\"query\": \"{ __typename }\", \"variables\": 7}")]
    [TestCase("{\"query\": \"{ __typename }\", \"extensions\": \"x\"}")]
    [TestCase("{\"query\": ")]
    public async Task ABodyThatIsNotAGraphQLRequest_Is400_WithoutNamingDotNetTypes(string json)
    {
        await using var api = await LightApi.StartAsync();
        using var content = new StringContent(json, Encoding.UTF8, "application/json");

        using var response = await api.Http.PostAsync("graphql", content);
        var body = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), body);
        Assert.That(CodeOf(body), Is.EqualTo("JSON_ERROR"));
        Assert.That(body, Does.Not.Contain("GraphQL.").And.Not.Contain("System.").And.Contain("line 1"));
    }

    [Test]
    public async Task AGetWithVariablesThatAreNotJson_Is400_WithoutNamingDotNetTypes()
    {
        await using var api = await LightApi.StartAsync();

        using var response = await api.Http.GetAsync("graphql?query=%7B__typename%7D&variables=7");
        var body = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), body);
        Assert.That(CodeOf(body), Is.EqualTo("JSON_ERROR"));
        Assert.That(body, Does.Not.Contain("GraphQL.").And.Not.Contain("System."));
    }

    [Test]
    public async Task AnAnswerListsAtMostTwentyErrors_AndSaysHowManyMore()
    {
        await using var api = await LightApi.StartAsync();
        var query = "{" + string.Concat(Enumerable.Range(0, 30).Select(i => $" unknown{i}")) + " }";

        var (status, body) = await PostAsync(api, new { query });
        using var json = JsonDocument.Parse(body);
        var errors = json.RootElement.GetProperty("errors");

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest), body);
        Assert.That(errors.GetArrayLength(), Is.EqualTo(21));
        Assert.That(errors[20].GetProperty("extensions").GetProperty("code").GetString(), Is.EqualTo("TOO_MANY_ERRORS"));
        Assert.That(errors[20].GetProperty("message").GetString(), Is.EqualTo("Validation stopped after 20 errors; correct these first."));
    }

    [Test]
    public async Task ValidationStopsAtTwentyErrors_SoNineHundredMisplacedSpreadsBuildNoMore()
    {
        // 99 x 10 spreads of fragments on the wrong type are within every limit counted before validation; each one is
        // an error, and GraphQL.NET finds each error's line by scanning the document (113 ms for all 990).
        await using var api = await LightApi.StartAsync();
        var query = "{" + string.Concat(Enumerable.Range(0, 99).Select(j => $" s{j}: validators(limit: 1) {{" + string.Concat(Enumerable.Range(0, 10).Select(i => $" ...f{i}")) + " }")) + " }"
            + string.Concat(Enumerable.Range(0, 10).Select(i => $" fragment f{i} on Query {{ __typename }}"));

        var (status, body) = await PostAsync(api, new { query });
        using var json = JsonDocument.Parse(body);
        var errors = json.RootElement.GetProperty("errors");
        var codes = errors.EnumerateArray().Select(e => e.GetProperty("extensions").GetProperty("code").GetString()).ToList();

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest), body);
        Assert.That(codes, Has.Count.EqualTo(21));
        Assert.That(codes.Take(20), Is.All.EqualTo("POSSIBLE_FRAGMENT_SPREADS"));
        Assert.That(codes[20], Is.EqualTo("TOO_MANY_ERRORS"));
    }
}
