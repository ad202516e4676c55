using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using VersatileHub.Tests.Hub.Identity;

namespace VersatileHub.Tests.Chat;

/// <summary>Chatwoot's canned responses: saved replies the agents insert with "/" and a short code.</summary>
public sealed class CannedResponsesApiTests(ChatWorld world) : IClassFixture<ChatWorld>
{
    private string Path(string path) => world.Account(world.AccountA, path);

    [Fact]
    public async Task Canned_responses_are_created_found_by_search_updated_and_deleted_in_Chatwoots_shape()
    {
        var code = $"horario{Guid.NewGuid().ToString("N")[..6]}";
        var created = await (await world.A.PostAsJsonAsync(Path("/canned_responses"), new { short_code = code, content = "Abrimos de lunes a sábado, de 9 a 20." }))
            .ReadAsync<JsonElement>();
        var id = created.GetProperty("id").GetInt32();
        // Rails wraps a body's fields under the model's name; Chatwoot's clients send either.
        var other = await world.A.PostAsJsonAsync(Path("/canned_responses"), new { canned_response = new { short_code = $"precios{code}", content = "La clase sale 5000 pesos." } });
        other.EnsureSuccessStatusCode();

        var byCode = await world.A.GetFromJsonAsync<JsonElement>(Path($"/canned_responses?search={code[..9]}"));
        var byContent = await world.A.GetFromJsonAsync<JsonElement>(Path("/canned_responses?search=LUNES A SÁBADO"));
        var updated = await (await world.A.PatchAsJsonAsync(Path($"/canned_responses/{id}"), new { content = "Abrimos de lunes a viernes." })).ReadAsync<JsonElement>();
        var deleted = await world.A.DeleteAsync(Path($"/canned_responses/{id}"));
        var after = await world.A.GetFromJsonAsync<JsonElement>(Path("/canned_responses"));

        Assert.Equal((code, world.AccountA), (created.GetProperty("short_code").GetString(), created.GetProperty("account_id").GetInt32()));
        Assert.Equal([id], byCode.EnumerateArray().Select(c => c.GetProperty("id").GetInt32()));
        Assert.Contains(byContent.EnumerateArray(), c => c.GetProperty("id").GetInt32() == id);
        Assert.Equal(("Abrimos de lunes a viernes.", code), (updated.GetProperty("content").GetString(), updated.GetProperty("short_code").GetString()));
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.DoesNotContain(after.EnumerateArray(), c => c.GetProperty("id").GetInt32() == id);
        Assert.Contains(after.EnumerateArray(), c => c.GetProperty("short_code").GetString() == $"precios{code}");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("dos palabras")]
    public async Task A_canned_response_without_a_one_word_short_code_is_a_400_naming_short_code(string? shortCode)
    {
        var before = (await world.A.GetFromJsonAsync<JsonElement>(Path("/canned_responses"))).GetArrayLength();

        var response = await world.A.PostAsJsonAsync(Path("/canned_responses"), new { short_code = shortCode, content = "Hola" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ProblemAsync()).GetProperty("errors").TryGetProperty("short_code", out _), "No error for short_code.");
        Assert.Equal(before, (await world.A.GetFromJsonAsync<JsonElement>(Path("/canned_responses"))).GetArrayLength());
    }

    [Fact]
    public async Task A_short_code_already_taken_in_the_account_is_a_400_naming_short_code()
    {
        var code = $"dup{Guid.NewGuid().ToString("N")[..6]}";
        (await world.A.PostAsJsonAsync(Path("/canned_responses"), new { short_code = code, content = "Primera" })).EnsureSuccessStatusCode();

        var again = await world.A.PostAsJsonAsync(Path("/canned_responses"), new { short_code = code, content = "Segunda" });
        var unknown = await world.A.PatchAsJsonAsync(Path($"/canned_responses/{int.MaxValue}"), new { content = "Nada" });

        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.True((await again.ProblemAsync()).GetProperty("errors").TryGetProperty("short_code", out _), "No error for short_code.");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
