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

        var (status, body) = await api.QueryAsync("{ validators { voteAccount latestTrustScore { score breakdown { factor detail } } } }");

        Assert.That(status, Is.EqualTo(503), body.ToString());
        Assert.That(FirstErrorCode(body), Is.EqualTo("TIMEOUT"));
        Assert.That(body.GetProperty("errors")[0].GetProperty("message").GetString(), Does.Contain("ExecutionTimeout"));
    }
}
