using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VersatileHub.Flow.Expressions;
using VersatileHub.Flow.Workflows;
using VersatileHub.Tests.Hub.Identity;

namespace VersatileHub.Tests.Flow.Workflows;

public sealed class VariablesApiTests(WorkflowsWorld world) : IClassFixture<WorkflowsWorld>
{
    [Fact]
    public async Task A_secret_variable_is_stored_encrypted_and_never_returned()
    {
        var created = await world.A.PutAsJsonAsync("/api/flow/variables/ErpToken", new { value = "tok-super-secreto", secret = true });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadAsStringAsync();
        Assert.DoesNotContain("tok-super-secreto", body, StringComparison.Ordinal);
        var view = JsonDocument.Parse(body).RootElement;
        Assert.True(view.GetProperty("secret").GetBoolean());
        Assert.Equal(JsonValueKind.Null, view.GetProperty("value").ValueKind);
        Assert.DoesNotContain("tok-super-secreto", await world.A.GetStringAsync("/api/flow/variables"), StringComparison.Ordinal);
        Assert.DoesNotContain("tok-super-secreto", await world.A.GetStringAsync("/api/flow/variables/ErpToken"), StringComparison.Ordinal);

        var stored = await world.InFlowAsync(world.TenantA, db => db.Set<TenantVariable>().AsNoTracking().SingleAsync(v => v.Name == "ErpToken"));
        Assert.DoesNotContain("tok-super-secreto", stored.StoredValue, StringComparison.Ordinal);
        var protector = world.Flow.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(VariableSet.SecretPurpose);
        Assert.Equal("tok-super-secreto", protector.Unprotect(stored.StoredValue));
    }

    [Fact]
    public async Task A_plain_variable_is_shown_changed_and_deleted()
    {
        await world.A.PutAsJsonAsync("/api/flow/variables/ManagerPhone", new { value = "+5491100000000" });
        var changed = await world.A.PutAsJsonAsync("/api/flow/variables/ManagerPhone", new { value = "+5491111111111" });

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal("+5491111111111", (await world.A.GetFromJsonAsync<JsonElement>("/api/flow/variables/ManagerPhone")).GetProperty("value").GetString());
        var listed = await world.A.GetFromJsonAsync<JsonElement>("/api/flow/variables");
        Assert.Contains(listed.EnumerateArray(), v => v.GetProperty("name").GetString() == "ManagerPhone" && !v.GetProperty("secret").GetBoolean());

        // Turning it secret hides it from then on.
        await world.A.PutAsJsonAsync("/api/flow/variables/ManagerPhone", new { value = "+5492222222222", secret = true });
        Assert.DoesNotContain("+549222", await world.A.GetStringAsync("/api/flow/variables/ManagerPhone"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, (await world.A.DeleteAsync("/api/flow/variables/ManagerPhone")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.A.GetAsync("/api/flow/variables/ManagerPhone")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.A.DeleteAsync("/api/flow/variables/ManagerPhone")).StatusCode);
    }

    [Fact]
    public async Task A_bad_name_or_missing_value_is_a_400_naming_the_field()
    {
        var badName = await world.A.PutAsJsonAsync("/api/flow/variables/1-mal nombre", new { value = "x" });
        var noValue = await world.A.PutAsJsonAsync("/api/flow/variables/SinValor", new { secret = true });
        var tooLong = await world.A.PutAsJsonAsync("/api/flow/variables/Largo", new { value = new string('x', TenantVariables.MaxValueLength + 1) });

        Assert.Equal(HttpStatusCode.BadRequest, badName.StatusCode);
        Assert.True((await badName.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("name", out _));
        Assert.Equal(HttpStatusCode.BadRequest, noValue.StatusCode);
        Assert.True((await noValue.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("value", out _));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
    }

    [Fact]
    public async Task Another_tenants_variables_cannot_be_read_changed_or_deleted()
    {
        await world.A.PutAsJsonAsync("/api/flow/variables/SoloDeA", new { value = "valor-de-a" });

        Assert.Equal(HttpStatusCode.NotFound, (await world.B.GetAsync("/api/flow/variables/SoloDeA")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.B.DeleteAsync("/api/flow/variables/SoloDeA")).StatusCode);
        Assert.DoesNotContain("SoloDeA", await world.B.GetStringAsync("/api/flow/variables"), StringComparison.Ordinal);
        // B writing the same name makes B's own variable; A's stays as it was.
        Assert.Equal(HttpStatusCode.Created, (await world.B.PutAsJsonAsync("/api/flow/variables/SoloDeA", new { value = "valor-de-b" })).StatusCode);
        Assert.Equal("valor-de-a", (await world.A.GetFromJsonAsync<JsonElement>("/api/flow/variables/SoloDeA")).GetProperty("value").GetString());
    }
}
