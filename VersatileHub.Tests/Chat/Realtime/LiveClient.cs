using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using VersatileHub.Chat.Events;
using VersatileHub.Chat.Realtime;
using VersatileHub.Tests.Hub.Identity;
using VersatileHub.Tests.Infrastructure;

namespace VersatileHub.Tests.Chat.Realtime;

/// <summary>A staff member's live inbox connection, as the web app would open it, recording every push it hears.</summary>
public sealed class LiveClient : IAsyncDisposable
{
    public static readonly string[] PushTypes =
    [
        ChatEventTypes.MessageCreated, ChatEventTypes.MessageUpdated, ChatEventTypes.ConversationCreated, ChatEventTypes.ConversationUpdated,
        ChatEventTypes.ConversationStatusChanged, LiveEventTypes.TypingOn, LiveEventTypes.TypingOff,
    ];

    private readonly Channel<(string Type, JsonElement Payload)> _heard = Channel.CreateUnbounded<(string, JsonElement)>();

    private LiveClient(HubConnection connection)
    {
        Connection = connection;
        foreach (var type in PushTypes)
        {
            connection.On<JsonElement>(type, payload => _heard.Writer.TryWrite((type, payload)));
        }
    }

    public HubConnection Connection { get; }

    /// <summary>
    /// Connects to <paramref name="chat"/> for <paramref name="account"/> with <paramref name="token"/>: as a Bearer token,
    /// or, with <paramref name="tokenInQuery"/>, in the query string as a browser's WebSocket must.
    /// </summary>
    public static async Task<LiveClient> ConnectAsync(WebApplicationFactory<VersatileHub.Chat.ChatEntryPoint> chat, int account, string token, bool tokenInQuery = false)
    {
        var query = $"?account_id={account.ToString(CultureInfo.InvariantCulture)}" + (tokenInQuery ? $"&access_token={Uri.EscapeDataString(token)}" : "");
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(chat.Server.BaseAddress, ChatHub.Path + query), options =>
            {
                options.HttpMessageHandlerFactory = _ => chat.Server.CreateHandler();
                options.Transports = HttpTransportType.LongPolling;
                if (!tokenInQuery)
                {
                    options.AccessTokenProvider = () => Task.FromResult<string?>(token);
                }
            })
            .Build();
        var client = new LiveClient(connection);
        await connection.StartAsync();
        return client;
    }

    public Task JoinInboxAsync(int inbox) => Connection.InvokeAsync("JoinInbox", inbox);

    public Task TypingAsync(int conversation, bool typing) => Connection.InvokeAsync("Typing", conversation, typing);

    /// <summary>The next push of <paramref name="type"/> that <paramref name="matches"/>, skipping others; fails after 10 s.</summary>
    public async Task<JsonElement> NextAsync(string type, Func<JsonElement, bool>? matches = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            while (true)
            {
                var (heardType, payload) = await _heard.Reader.ReadAsync(timeout.Token);
                if (heardType == type && (matches is null || matches(payload)))
                {
                    return payload;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"No {type} was pushed within 10 s.");
        }
    }

    /// <summary>Everything heard so far and within <paramref name="wait"/> more.</summary>
    public async Task<IReadOnlyList<(string Type, JsonElement Payload)>> HeardAsync(TimeSpan wait)
    {
        await Task.Delay(wait);
        var heard = new List<(string, JsonElement)>();
        while (_heard.Reader.TryRead(out var item))
        {
            heard.Add(item);
        }
        return heard;
    }

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}

/// <summary>People of account A made for a spec, through the Hub as its owner would add them.</summary>
public static class AccountPeople
{
    public sealed record Person(int UserId, string Token);

    public static async Task<Person> AddAsync(ChatWorld world, string role = "agent")
    {
        using var owner = await HubApi.SignInWithCookieAsync(world.Hub);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var email = $"{role}-{suffix}@versatilehub.test";
        var password = $"password-{suffix}-1";
        using var add = new HttpRequestMessage(HttpMethod.Post, "/api/identity/members") { Content = JsonContent.Create(new { email, role, password }) };
        add.Headers.Add(HubApi.TenantHeader, world.AccountA.ToString(CultureInfo.InvariantCulture));
        var added = await (await owner.SendAsync(add)).ReadAsync<MemberResponse>();
        using var cookie = await HubApi.SignInWithCookieAsync(world.Hub, email, password, world.AccountA);
        return new Person(added.UserId, await HubApi.CreateTokenAsync(cookie, "live inbox"));
    }
}
