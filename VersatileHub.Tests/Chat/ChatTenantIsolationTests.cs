using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using VersatileHub.Tests.Hub.Identity;

namespace VersatileHub.Tests.Chat;

/// <summary>Account A with one of everything Chat keeps, each carrying <see cref="Marker"/>; account B is the intruder.</summary>
public sealed class ChatAccountA : IAsyncLifetime
{
    public ChatWorld World { get; } = new();

    public string Marker { get; } = $"alfa{Guid.NewGuid().ToString("N")[..8]}";

    public int InboxId { get; private set; }
    public int ContactId { get; private set; }
    public int ConversationId { get; private set; }
    public long AttachmentId { get; private set; }
    public int WebhookId { get; private set; }
    public int CannedResponseId { get; private set; }
    public string MessageSourceId => $"wamid-{Marker}";

    public async Task InitializeAsync()
    {
        await World.InitializeAsync();
        InboxId = await World.InboxAsync("whatsapp", $"Bandeja {Marker}");
        var ingested = await World.IngestAsync(InboxId, $"src-{Marker}", MessageSourceId, $"Mensaje {Marker}", $"Contacto {Marker}");
        ContactId = ingested.GetProperty("contact_id").GetInt32();
        ConversationId = ingested.GetProperty("conversation_id").GetInt32();
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent([1, 2, 3]);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "attachments[]", $"{Marker}.pdf");
        var sent = await (await World.A.PostAsync(World.Account(World.AccountA, $"/conversations/{ConversationId}/messages"), form)).ReadAsync<JsonElement>();
        AttachmentId = sent.GetProperty("attachments")[0].GetProperty("id").GetInt64();
        (await World.A.PostAsJsonAsync(World.Account(World.AccountA, $"/conversations/{ConversationId}/labels"), new { labels = new[] { Marker } })).EnsureSuccessStatusCode();
        (await World.B.GetAsync(World.Account(World.AccountB, "/inboxes"))).EnsureSuccessStatusCode();
        WebhookId = (await (await World.A.PostAsJsonAsync(World.Account(World.AccountA, "/webhooks"), new { name = $"Webhook {Marker}", url = "https://hooks.example/a", subscriptions = new[] { "message_created" } }))
            .ReadAsync<JsonElement>()).GetProperty("payload").GetProperty("webhook").GetProperty("id").GetInt32();
        CannedResponseId = (await (await World.A.PostAsJsonAsync(World.Account(World.AccountA, "/canned_responses"), new { short_code = Marker, content = $"Respuesta {Marker}" }))
            .ReadAsync<JsonElement>()).GetProperty("id").GetInt32();
        (await World.A.PutAsJsonAsync(World.Account(World.AccountA, "/smtp_settings"), new { host = "127.0.0.1", port = 9, tls_mode = "none", from_address = "bot@a.example", handoff_address = $"{Marker}@a.example" })).EnsureSuccessStatusCode();
        (await World.Bot.PostAsJsonAsync(World.Account(World.AccountA, $"/conversations/{ConversationId}/handoff"), new { reason = Marker })).EnsureSuccessStatusCode();
        for (var wait = 0; wait < 200 && !(await World.A.GetStringAsync(World.Account(World.AccountA, "/handoff_emails"))).Contains(Marker, StringComparison.Ordinal); wait++)
        {
            await Task.Delay(50); // The handoff e-mail is written from the conversation.handoff event.
        }
    }

    public Task DisposeAsync() => World.DisposeAsync();
}

/// <summary>
/// Every route Chat maps is checked here for account isolation or listed with why it needs none: a new route fails
/// <see cref="Every_mapped_route_is_checked_for_account_isolation_or_says_why_not"/> until it is added.
/// </summary>
public sealed class ChatTenantIsolationTests(ChatAccountA a) : IClassFixture<ChatAccountA>
{
    public enum Isolation
    {
        /// <summary>Names one of account A's entities: B (in its own account, or naming A's) is refused and A's entity is unchanged.</summary>
        OwnEntity,

        /// <summary>B's listing, in B's account, shows none of A's data, which A's listing shows.</summary>
        Listing,

        /// <summary>Writes only into the caller's own account: anonymous callers are refused, and B cannot write into A's account.</summary>
        CallersAccount,
    }

    /// <param name="Path">The path under an account (<c>/api/v1/accounts/{account}</c> is prefixed) or, for the channel API, the whole path.</param>
    public sealed record AccountRoute(
        string Method, string Pattern, Isolation Isolation, Func<ChatAccountA, string> Path, Func<ChatAccountA, object>? Body = null,
        Func<ChatAccountA, string>? ReadBack = null, bool Channel = false);

    private const string Account = "/api/v1/accounts/{account_id:int}";
    private const string Conversation = Account + "/conversations/{conversation_id:int}";
    private static readonly object NoBody = new { };

    private static AccountRoute Get(string pattern, Isolation isolation, Func<ChatAccountA, string> path) => new("GET", pattern, isolation, path);

    private static AccountRoute Write(string method, string pattern, Func<ChatAccountA, string> path, Func<ChatAccountA, object> body, Func<ChatAccountA, string> readBack) =>
        new(method, pattern, Isolation.OwnEntity, path, body, readBack);

    private static string Conv(ChatAccountA a, string rest = "") => $"/conversations/{a.ConversationId}{rest}";

    public static readonly IReadOnlyList<AccountRoute> Routes =
    [
        Get(Account + "/conversations/", Isolation.Listing, _ => "/conversations?status=all"),
        new("POST", Account + "/conversations/", Isolation.OwnEntity, _ => "/conversations",
            a => new { source_id = $"src-{a.Marker}", inbox_id = a.InboxId, contact_id = a.ContactId }, _ => "/conversations?status=all"),
        Get(Conversation, Isolation.OwnEntity, a => Conv(a)),
        Write("POST", Conversation + "/toggle_status", a => Conv(a, "/toggle_status"), _ => new { status = "resolved" }, a => Conv(a)),
        Write("POST", Conversation + "/assignments", a => Conv(a, "/assignments"), _ => new { assignee_id = 1 }, a => Conv(a)),
        Get(Conversation + "/labels", Isolation.OwnEntity, a => Conv(a, "/labels")),
        Write("POST", Conversation + "/labels", a => Conv(a, "/labels"), _ => new { labels = new[] { "intruso" } }, a => Conv(a, "/labels")),
        Write("POST", Conversation + "/update_last_seen", a => Conv(a, "/update_last_seen"), _ => NoBody, a => Conv(a)),
        Write("POST", Conversation + "/handoff", a => Conv(a, "/handoff"), _ => new { reason = "intruso" }, a => Conv(a)),
        Write("POST", Conversation + "/return_to_bot", a => Conv(a, "/return_to_bot"), _ => NoBody, a => Conv(a)),
        Get(Conversation + "/messages", Isolation.OwnEntity, a => Conv(a, "/messages")),
        Write("POST", Conversation + "/messages", a => Conv(a, "/messages"), _ => new { content = "intruso" }, a => Conv(a, "/messages")),
        Get(Account + "/attachments/{id:long}", Isolation.OwnEntity, a => $"/attachments/{a.AttachmentId}"),
        Get(Account + "/contacts/", Isolation.Listing, _ => "/contacts"),
        new("POST", Account + "/contacts/", Isolation.OwnEntity, _ => "/contacts", a => new { inbox_id = a.InboxId, name = "Intruso" }, _ => "/contacts"),
        Get(Account + "/contacts/search", Isolation.Listing, a => $"/contacts/search?q={a.Marker}"),
        Get(Account + "/contacts/{id:int}", Isolation.OwnEntity, a => $"/contacts/{a.ContactId}"),
        Write("PUT", Account + "/contacts/{id:int}", a => $"/contacts/{a.ContactId}", _ => new { name = "Cambiado por B" }, a => $"/contacts/{a.ContactId}"),
        Get(Account + "/contacts/{id:int}/conversations", Isolation.OwnEntity, a => $"/contacts/{a.ContactId}/conversations"),
        Get(Account + "/inboxes", Isolation.Listing, _ => "/inboxes"),
        new("POST", Account + "/inboxes", Isolation.CallersAccount, _ => "/inboxes", _ => new { name = "Intrusa", channel = new { type = "api" } }),
        Write("PATCH", Account + "/inboxes/{id:int}", a => $"/inboxes/{a.InboxId}", _ => new { name = "Cambiada por B", enable_auto_assignment = false }, _ => "/inboxes"),
        Get(Account + "/search/messages", Isolation.Listing, a => $"/search/messages?q={a.Marker}"),
        Get(Account + "/chat_settings", Isolation.Listing, _ => "/chat_settings"),
        new("PUT", Account + "/chat_settings", Isolation.CallersAccount, _ => "/chat_settings", _ => new { human_override_hours = 5 }),
        Get(Account + "/inbox_members/{inbox_id:int}", Isolation.OwnEntity, a => $"/inbox_members/{a.InboxId}"),
        Write("POST", Account + "/inbox_members", _ => "/inbox_members", a => new { inbox_id = a.InboxId, user_ids = new[] { 999 } }, a => $"/inbox_members/{a.InboxId}"),
        Write("PATCH", Account + "/inbox_members", _ => "/inbox_members", a => new { inbox_id = a.InboxId, user_ids = new[] { 999 } }, a => $"/inbox_members/{a.InboxId}"),
        Write("DELETE", Account + "/inbox_members", _ => "/inbox_members", a => new { inbox_id = a.InboxId, user_ids = new[] { 999 } }, a => $"/inbox_members/{a.InboxId}"),
        new("POST", "/api/channel/inboxes/{inbox_id:int}/messages", Isolation.OwnEntity, a => $"/api/channel/inboxes/{a.InboxId}/messages",
            a => new { contact = new { source_id = "intruso" }, source_id = "intruso-1", content = "intruso" }, a => Conv(a, "/messages"), Channel: true),
        new("POST", "/api/channel/inboxes/{inbox_id:int}/messages/{source_id}/status", Isolation.OwnEntity,
            a => $"/api/channel/inboxes/{a.InboxId}/messages/{a.MessageSourceId}/status", _ => new { status = "failed", error = "intruso" }, a => Conv(a, "/messages"), Channel: true),
        Get(Account + "/smtp_settings", Isolation.Listing, _ => "/smtp_settings"),
        new("PUT", Account + "/smtp_settings", Isolation.CallersAccount, _ => "/smtp_settings",
            _ => new { host = "127.0.0.1", port = 25, tls_mode = "none", from_address = "b@b.example", handoff_address = "b@b.example" }),
        Get(Account + "/handoff_emails", Isolation.Listing, _ => "/handoff_emails"),
        Get(Account + "/webhooks/", Isolation.Listing, _ => "/webhooks"),
        new("POST", Account + "/webhooks/", Isolation.CallersAccount, _ => "/webhooks", _ => new { url = "https://hooks.example/b", subscriptions = new[] { "message_created" } }),
        Write("PATCH", Account + "/webhooks/{webhook_id:int}", a => $"/webhooks/{a.WebhookId}", _ => new { url = "https://intruso.example" }, _ => "/webhooks"),
        new("DELETE", Account + "/webhooks/{webhook_id:int}", Isolation.OwnEntity, a => $"/webhooks/{a.WebhookId}", ReadBack: _ => "/webhooks"),
        Get(Account + "/webhooks/{webhook_id:int}/deliveries", Isolation.OwnEntity, a => $"/webhooks/{a.WebhookId}/deliveries"),
        Get(Account + "/canned_responses/", Isolation.Listing, _ => "/canned_responses"),
        new("POST", Account + "/canned_responses/", Isolation.CallersAccount, _ => "/canned_responses", _ => new { short_code = "intruso", content = "intruso" }),
        Write("PATCH", Account + "/canned_responses/{id:int}", a => $"/canned_responses/{a.CannedResponseId}", _ => new { content = "Cambiada por B" }, _ => "/canned_responses"),
        new("DELETE", Account + "/canned_responses/{id:int}", Isolation.OwnEntity, a => $"/canned_responses/{a.CannedResponseId}", ReadBack: _ => "/canned_responses"),
        new("GET", "/api/channel/inboxes/{inbox_id:int}/settings", Isolation.OwnEntity, a => $"/api/channel/inboxes/{a.InboxId}/settings", Channel: true),
    ];

    private const string HubIsolation = "The live inbox's SignalR hub: not a REST route; Realtime/LiveInboxTests specify that a caller "
        + "without credentials or of another account cannot connect for account A, nor join or hear its inboxes.";

    public static readonly IReadOnlyDictionary<string, string> NotAccountScoped = new Dictionary<string, string>
    {
        ["* /health"] = "Readiness probe: anonymous, says nothing of any account.",
        ["* /alive"] = "Liveness probe: anonymous, says nothing of any account.",
        ["* /hubs/chat/negotiate"] = HubIsolation,
        ["* /hubs/chat"] = HubIsolation,
        ["GET /"] = WebPage,
        ["POST /"] = WebPage,
        ["GET /conversations/{DisplayId:int}"] = WebPage,
        ["POST /conversations/{DisplayId:int}"] = WebPage,
        ["* /_blazor"] = WebCircuit,
        ["* /_blazor/negotiate"] = WebCircuit,
        ["* /_blazor/disconnect/"] = WebCircuit,
        ["* /_blazor/initializers/"] = WebCircuit,
        ["GET /_framework/opaque-redirect"] = "Blazor's redirect helper: carries no data.",
    };

    private const string WebPage =
        "The inbox's page: needs sign-in (else the Hub's sign-in); its HTML is an empty shell (no prerendering) and its data comes over the circuit, for the member's account only (see Chat/Web).";

    private const string WebCircuit = "The inbox's circuit: needs sign-in; its components act for the member's account only, through AgentSession (see Chat/Web).";

    public static TheoryData<string, string> AllRoutes => Data(_ => true);

    public static TheoryData<string, string> OwnEntityRoutes => Data(r => r.Isolation == Isolation.OwnEntity);

    public static TheoryData<string, string> ListingRoutes => Data(r => r.Isolation == Isolation.Listing);

    public static TheoryData<string, string> AccountRoutes => Data(r => !r.Channel);

    [Fact]
    public void Every_mapped_route_is_checked_for_account_isolation_or_says_why_not()
    {
        var mapped = a.World.Chat.Services.GetServices<EndpointDataSource>()
            .SelectMany(source => source.Endpoints).OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(method => $"{method} {e.RoutePattern.RawText}"))
            .Distinct().ToList();
        var listed = Routes.Select(r => $"{r.Method} {r.Pattern}").Concat(NotAccountScoped.Keys).ToHashSet();

        var unlisted = mapped.Where(route => !listed.Contains(route)).ToList();
        var stale = listed.Where(route => !mapped.Contains(route)).ToList();

        Assert.True(unlisted.Count == 0, $"Add these routes to {nameof(Routes)} (or {nameof(NotAccountScoped)} with why):\n  {string.Join("\n  ", unlisted)}");
        Assert.True(stale.Count == 0, $"These listed routes are no longer mapped; remove them:\n  {string.Join("\n  ", stale)}");
    }

    [Theory]
    [MemberData(nameof(AllRoutes))]
    public async Task A_route_refuses_a_caller_without_credentials(string method, string pattern)
    {
        var route = Find(method, pattern);
        using var anonymous = a.World.Chat.CreateClient();

        using var response = await anonymous.SendAsync(Request(route, a.World.AccountA));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(AccountRoutes))]
    public async Task A_member_of_another_account_cannot_act_in_account_As_routes(string method, string pattern)
    {
        var route = Find(method, pattern);

        using var response = await a.World.B.SendAsync(Request(route, a.World.AccountA));

        Assert.True(response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound,
            $"{method} {route.Path(a)} in account A as B answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    [Theory]
    [MemberData(nameof(OwnEntityRoutes))]
    public async Task Account_As_entities_are_not_found_from_another_account(string method, string pattern)
    {
        var route = Find(method, pattern);
        var before = route.ReadBack is null ? null : await ReadAsync(a.World.A, a.World.Account(a.World.AccountA, route.ReadBack(a)));
        var intruder = route.Channel ? a.World.GatewayFor(a.World.AccountB) : a.World.B;

        using var response = await intruder.SendAsync(Request(route, a.World.AccountB));

        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest or HttpStatusCode.Forbidden,
            $"{method} {route.Path(a)} from account B answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        if (before is not null)
        {
            Assert.Equal(before, await ReadAsync(a.World.A, a.World.Account(a.World.AccountA, route.ReadBack!(a))));
        }
    }

    [Theory]
    [MemberData(nameof(ListingRoutes))]
    public async Task Another_accounts_listing_shows_none_of_account_As_data(string method, string pattern)
    {
        var route = Find(method, pattern);
        var evidence = route.Pattern.EndsWith("/chat_settings", StringComparison.Ordinal) ? "human_override_hours" : a.Marker;

        var seenByA = await ReadAsync(a.World.A, a.World.Account(a.World.AccountA, route.Path(a)));
        var seenByB = await ReadAsync(a.World.B, a.World.Account(a.World.AccountB, route.Path(a)));

        Assert.Contains(evidence, seenByA, StringComparison.Ordinal);
        if (evidence == a.Marker)
        {
            Assert.DoesNotContain(evidence, seenByB, StringComparison.Ordinal);
        }
    }

    private static TheoryData<string, string> Data(Func<AccountRoute, bool> which)
    {
        var data = new TheoryData<string, string>();
        foreach (var route in Routes.Where(which))
        {
            data.Add(route.Method, route.Pattern);
        }
        return data;
    }

    private static AccountRoute Find(string method, string pattern) => Routes.Single(r => r.Method == method && r.Pattern == pattern);

    private HttpRequestMessage Request(AccountRoute route, int account)
    {
        var path = route.Channel ? route.Path(a) : a.World.Account(account, route.Path(a));
        return new HttpRequestMessage(new HttpMethod(route.Method), path)
        {
            Content = route.Method == "GET" ? null : JsonContent.Create(route.Body?.Invoke(a) ?? NoBody),
        };
    }

    private static async Task<string> ReadAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path} answered {(int)response.StatusCode}: {body}");
        return body;
    }
}
