using System.Net;
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
}
