using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace VersatileHub.Tests.Fakes.Frappe;

/// <summary>
/// An ERPNext site as far as the Hub's connector uses it: Frappe's REST API (<c>/api/resource/&lt;DocType&gt;</c> with
/// fields, filters, order and paging; <c>/api/method/frappe.auth.get_logged_user</c>), token authentication and Frappe's
/// error bodies (<c>exc_type</c>, <c>exception</c>, <c>_server_messages</c>). Documents live in memory; every write stamps
/// <c>modified</c> from a clock that moves one second per write, formatted as Frappe does (<c>2024-05-01 10:00:00.000000</c>).
/// </summary>
public sealed class FakeFrappe : IAsyncDisposable
{
    public const string User = "api@erp.example";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, JsonObject>> _docs = new(StringComparer.Ordinal);
    private readonly object _clockLock = new();
    private DateTime _clock = new(2026, 1, 5, 9, 0, 0, DateTimeKind.Unspecified);
    private int _autoname;
    private (int Status, string ExcType, string Message)? _failure;
    private volatile bool _hanging;

    private FakeFrappe(WebApplication app, string apiKey, string apiSecret)
    {
        _app = app;
        ApiKey = apiKey;
        ApiSecret = apiSecret;
    }

    public string ApiKey { get; }

    public string ApiSecret { get; }

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>"GET /api/resource/Customer", ... in the order received (authenticated or not).</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public static async Task<FakeFrappe> StartAsync(string apiKey = "vh-api-key", string apiSecret = "vh-api-secret")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var frappe = new FakeFrappe(app, apiKey, apiSecret);
        frappe.Map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        frappe.BaseUrl = new Uri(address);
        return frappe;
    }

    /// <summary>Stores a document as ERPNext would after an insert; returns it with <c>name</c> and <c>modified</c>.</summary>
    public JsonObject Insert(string doctype, object document)
    {
        var doc = JsonSerializer.SerializeToNode(document)!.AsObject();
        doc["doctype"] = doctype;
        doc["name"] ??= $"{doctype.ToUpperInvariant().Replace(' ', '-')}-{Interlocked.Increment(ref _autoname):00000}";
        doc["modified"] = Tick();
        doc["docstatus"] ??= 0;
        _docs.GetOrAdd(doctype, _ => new(StringComparer.Ordinal))[doc["name"]!.GetValue<string>()] = doc;
        return doc;
    }

    /// <summary>Changes a stored document as a user of ERPNext would, which moves its <c>modified</c>.</summary>
    public JsonObject Change(string doctype, string name, Action<JsonObject> change)
    {
        var doc = Get(doctype, name) ?? throw new InvalidOperationException($"{doctype} {name} does not exist.");
        change(doc);
        doc["modified"] = Tick();
        return doc;
    }

    public JsonObject? Get(string doctype, string name) =>
        _docs.TryGetValue(doctype, out var docs) && docs.TryGetValue(name, out var doc) ? doc : null;

    public IReadOnlyList<JsonObject> All(string doctype) =>
        _docs.TryGetValue(doctype, out var docs) ? docs.Values.ToList() : [];

    /// <summary>From now on every request is answered with Frappe's error body and this status, e.g. 417 ValidationError.</summary>
    public void FailWith(int status, string excType, string message) => _failure = (status, excType, message);

    /// <summary>From now on every request waits until the caller gives up.</summary>
    public void Hang() => _hanging = true;

    public void Recover()
    {
        _failure = null;
        _hanging = false;
    }

    private string Tick()
    {
        lock (_clockLock)
        {
            _clock = _clock.AddSeconds(1);
            return _clock.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
        }
    }

    private void Map(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            Requests.Enqueue($"{context.Request.Method} {context.Request.Path}");
            if (_hanging)
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            }
            if (context.Request.Headers.Authorization.ToString() != $"token {ApiKey}:{ApiSecret}")
            {
                await WriteErrorAsync(context, StatusCodes.Status401Unauthorized, "AuthenticationError", "Invalid Request");
                return;
            }
            if (_failure is { } failure)
            {
                await WriteErrorAsync(context, failure.Status, failure.ExcType, failure.Message);
                return;
            }
            await next(context);
        });

        app.MapGet("/api/method/frappe.auth.get_logged_user", () => Results.Json(new { message = User }));
        app.MapGet("/api/resource/{doctype}", (string doctype, HttpRequest request) => List(doctype, request));
        app.MapGet("/api/resource/{doctype}/{name}", async (string doctype, string name, HttpContext context) =>
        {
            if (Get(doctype, name) is not { } doc)
            {
                await WriteErrorAsync(context, StatusCodes.Status404NotFound, "DoesNotExistError", $"{doctype} {name} not found");
                return;
            }
            await context.Response.WriteAsJsonAsync(new { data = doc });
        });
        app.MapPost("/api/resource/{doctype}", async (string doctype, HttpContext context) =>
        {
            var body = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
            body.Remove("name");
            await context.Response.WriteAsJsonAsync(new { data = Insert(doctype, body) });
        });
        app.MapPut("/api/resource/{doctype}/{name}", async (string doctype, string name, HttpContext context) =>
        {
            var body = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
            if (Get(doctype, name) is null)
            {
                await WriteErrorAsync(context, StatusCodes.Status404NotFound, "DoesNotExistError", $"{doctype} {name} not found");
                return;
            }
            var doc = Change(doctype, name, doc =>
            {
                foreach (var (field, value) in body.Where(f => f.Key is not ("name" or "modified" or "doctype")))
                {
                    doc[field] = value?.DeepClone();
                }
            });
            await context.Response.WriteAsJsonAsync(new { data = doc });
        });
    }

    private IResult List(string doctype, HttpRequest request)
    {
        var fields = request.Query.TryGetValue("fields", out var f) ? JsonSerializer.Deserialize<string[]>(f.ToString())! : ["name"];
        var filters = request.Query.TryGetValue("filters", out var q) ? JsonSerializer.Deserialize<JsonArray>(q.ToString())! : [];
        var start = int.TryParse(request.Query["limit_start"], out var s) ? s : 0;
        var length = int.TryParse(request.Query["limit_page_length"], out var l) ? l : 20;
        var orderBy = request.Query["order_by"].ToString();

        var docs = All(doctype).Where(doc => filters.All(filter => Matches(doc, filter!.AsArray())));
        docs = orderBy.StartsWith("modified asc", StringComparison.Ordinal)
            ? docs.OrderBy(d => d["modified"]!.GetValue<string>(), StringComparer.Ordinal)
            : docs.OrderByDescending(d => d["modified"]!.GetValue<string>(), StringComparer.Ordinal);
        var page = docs.Skip(start);
        if (length > 0)
        {
            page = page.Take(length);
        }
        var data = page.Select(doc => fields.Contains("*")
            ? doc.DeepClone()
            : new JsonObject(fields.Select(field => KeyValuePair.Create(field, doc[field]?.DeepClone())))).ToList();
        return Results.Json(new { data });
    }

    private static bool Matches(JsonObject doc, JsonArray filter)
    {
        var (field, op, value) = (filter[0]!.GetValue<string>(), filter[1]!.GetValue<string>(), filter[2]);
        var actual = doc[field];
        return op switch
        {
            "=" => JsonNode.DeepEquals(actual, value),
            ">" => string.CompareOrdinal(actual?.ToString(), value?.ToString()) > 0,
            "in" => value!.AsArray().Any(v => JsonNode.DeepEquals(v, actual)),
            _ => throw new NotSupportedException($"The fake does not know the filter operator {op}."),
        };
    }

    /// <summary>Frappe's error body: the exception's type, its text, and the user-facing messages as a JSON list of JSON strings.</summary>
    private static async Task WriteErrorAsync(HttpContext context, int status, string excType, string message)
    {
        context.Response.StatusCode = status;
        var serverMessages = JsonSerializer.Serialize(new[] { JsonSerializer.Serialize(new { message, title = "Message", indicator = "red" }) });
        await context.Response.WriteAsJsonAsync(new Dictionary<string, object>
        {
            ["exc_type"] = excType,
            ["exception"] = $"frappe.exceptions.{excType}: {message}",
            ["_server_messages"] = serverMessages,
        });
    }

    public async ValueTask DisposeAsync()
    {
        Recover();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
