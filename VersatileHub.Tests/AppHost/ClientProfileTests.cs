using VersatileHub.AppHost.Profiles;

namespace VersatileHub.Tests.AppHost;

public sealed class ClientProfileTests
{
    [Theory]
    [MemberData(nameof(SampleProfiles.All), MemberType = typeof(SampleProfiles))]
    public void Every_sample_profile_is_valid(string client)
    {
        var profile = SampleProfiles.Load(client);

        Assert.Equal(client, profile.Client);
        Assert.Contains(Modules.Hub, profile.ModuleList);
    }

    [Theory]
    [InlineData("""{"client":"acme","domain":"acme.com","modules":["hub","crm"]}""", "modules[1]: unknown module 'crm'; known modules: hub, chat, agent, whatsapp, flow, erp")]
    [InlineData("""{"client":"acme","modules":["hub"]}""", "domain: missing")]
    [InlineData("""{"client":"acme","domain":"acme.com","modules":["hub","whatsapp"]}""", "modules: whatsapp needs chat; add chat")]
    [InlineData("""{"client":"acme","domain":"acme.com","modules":["hub","chat","agent"]}""", "model: the agent needs model.endpoint")]
    [InlineData("""{"client":"acme","domain":"acme.com","modules":["chat","agent"],"model":{"endpoint":"https://x.ai/v1","name":"m"}}""", "modules: agent needs chat and hub; add hub")]
    [InlineData("""{"client":"acme","domain":"acme.com","modules":["hub","flow"],"replicas":{"chat":2}}""", "replicas.chat: 'chat' is not among the modules")]
    [InlineData("""{"client":"acme","domain":"acme.com","modules":["hub"],"timeZone":"Mars/Olympus"}""", "timeZone: 'Mars/Olympus' is not an IANA time zone")]
    [InlineData("""{"client":"acme","domain":"acme.com","modules":["hub"],"locale":"fr"}""", "locale: 'fr' is not supported; use es or en")]
    [InlineData("""{"client":"acme","domain":"acme.com","modules":["hub"],"databases":{"hubdb":"Host=db;Password=x;Database=hubdb"}}""", "databases.hubdb: leave the password out")]
    [InlineData("""{"client":"acme","domain":"acme.com","modules":["hub"],"databases":{"chatdb":"Host=db;Database=chatdb"}}""", "databases.chatdb: belongs to chat, which is not among the modules")]
    [InlineData("""{"client":"acme","domain":"acme.com","modules":["hub"],"sizes":{"postgres":"lots"}}""", "sizes.postgres: 'lots' is not a size such as 10Gi")]
    [InlineData("""{"client":"Acme Corp","domain":"acme.com","modules":["hub"]}""", "client: 'Acme Corp' must be lowercase letters")]
    [InlineData("""{"client":"acme","domain":"acme.com","modules":["hub"],"replica":{"hub":2}}""", "'replica' could not be mapped")]
    public void A_profile_that_cannot_work_is_rejected_naming_the_field_and_the_fix(string json, string expected)
    {
        var error = Assert.Throws<ClientProfileException>(() => ClientProfile.Parse(json, "clients/acme.json"));

        Assert.StartsWith("clients/acme.json is not a valid client profile:", error.Message, StringComparison.Ordinal);
        Assert.Contains(error.Errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var error = Assert.Throws<ClientProfileException>(() => ClientProfile.Parse("""{"client":"acme","modules":["hub","erp","sms"],"locale":"de"}""", "acme.json"));

        Assert.Equal(3, error.Errors.Count);
    }
}
