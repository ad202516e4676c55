using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace VersatileHub.Tests.Fakes.TiendaNube;

/// <summary>
/// A Tienda Nube (Nuvemshop) store on 127.0.0.1, speaking the REST API v1 as its public documentation describes it
/// (github.com/TiendaNube/api-docs: README.md, resources/store.md, product.md, product_variant.md, order.md):
/// <list type="bullet">
/// <item>URLs <c>{base}/v1/{store_id}/...</c>; every request needs <c>Authentication: bearer {token}</c> and a
/// <c>User-Agent</c> naming the app ("If you don't supply this header, you will get a 400 Bad Request").</item>
/// <item>GET /store (<c>main_language</c>, <c>main_currency</c>, <c>country</c>, multilingual <c>name</c>).</item>
/// <item>GET /products (<c>q</c> "search Products containing the given text in their names, descriptions or SKU",
/// <c>category_id</c>, <c>page</c>, <c>per_page</c> default 30 up to 200, <c>X-Total-Count</c>, a <c>Link</c> header with
/// rel next/last/first/prev) and GET /products/{id}: multilingual <c>name</c>/<c>description</c> objects, <c>attributes</c>,
/// <c>variants</c> with prices as strings and <c>stock</c> null for unlimited, <c>images</c> with <c>position</c>.</item>
/// <item>GET /orders (<c>q</c> "search Orders by the given number; or containing the given text in the customer name or email")
/// and GET /orders/{id}: <c>number</c>, <c>customer</c>, <c>products</c>, money as strings, <c>currency</c>, <c>status</c>,
/// <c>payment_status</c>, <c>shipping_status</c>.</item>
/// <item>429 with <c>X-Rate-Limit-Limit</c>/<c>-Remaining</c>/<c>-Reset</c> (milliseconds), as the README's leaky bucket.</item>
/// </list>
/// Not documented, so chosen here and not relied upon by the Hub beyond the status code: the body of a 401/404
/// (<c>{"code", "message", "description"}</c>), a 404 for a page past the last, and how <c>q</c> matches several words
/// (here: every word, ignoring case and accents).
/// </summary>
public sealed class FakeTiendaNube : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentQueue<ReceivedRequest> _received = new();
    private readonly List<JsonObject> _products = [];
    private readonly List<JsonObject> _orders = [];
    private Func<HttpContext, Task<bool>>? _trouble;

    private FakeTiendaNube(WebApplication app, long storeId, string accessToken)
    {
        _app = app;
        StoreId = storeId;
        AccessToken = accessToken;
    }

    public long StoreId { get; }

    public string AccessToken { get; }

    /// <summary>The API's base, without the store id: <c>http://127.0.0.1:{port}/v1</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public string MainLanguage { get; set; } = "es";

    public string MainCurrency { get; set; } = "ARS";

    public string Country { get; set; } = "AR";

    public IReadOnlyCollection<ReceivedRequest> Received => _received;

    /// <summary>How many requests reached the store for this path (after <c>/v1/{store_id}</c>, e.g. <c>/products</c>).</summary>
    public int RequestsTo(string path) => _received.Count(r => r.Path == path);

    public static async Task<FakeTiendaNube> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var fake = new FakeTiendaNube(builder.Build(), Random.Shared.NextInt64(100_000, 9_999_999), $"tn-{Guid.NewGuid():N}");
        fake._app.Run(fake.AnswerAsync);
        await fake._app.StartAsync();
        var address = fake._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.BaseUrl = new Uri($"{address}/v1");
        return fake;
    }

    /// <summary>Adds a product the way the API shows it; each variant gets an id, and a null stock means unlimited.</summary>
    public long AddProduct(
        (string Es, string Pt) name, (string Es, string Pt) description, string[] attributes,
        IEnumerable<(string Sku, string Price, int? Stock, string[] Values)> variants, bool published = true, string? category = null)
    {
        lock (_products)
        {
            var id = 1000 + _products.Count;
            var variantNodes = new JsonArray();
            foreach (var (sku, price, stock, values) in variants)
            {
                variantNodes.Add(new JsonObject
                {
                    ["id"] = (id * 100) + variantNodes.Count,
                    ["product_id"] = id,
                    ["price"] = price,
                    ["promotional_price"] = null,
                    ["stock_management"] = stock is not null,
                    ["stock"] = stock,
                    ["sku"] = sku,
                    ["values"] = new JsonArray(values.Select(v => (JsonNode)Localized(v, v)).ToArray()),
                    ["weight"] = "0.50",
                    ["created_at"] = "2024-03-01T10:00:00+0000",
                    ["updated_at"] = "2024-03-02T10:00:00+0000",
                });
            }
            _products.Add(new JsonObject
            {
                ["id"] = id,
                ["name"] = Localized(name.Es, name.Pt),
                ["description"] = Localized(description.Es, description.Pt),
                ["handle"] = Localized(Handle(name.Es), Handle(name.Pt)),
                ["attributes"] = new JsonArray(attributes.Select(a => (JsonNode)Localized(a, a)).ToArray()),
                ["variants"] = variantNodes,
                ["images"] = new JsonArray(
                    new JsonObject { ["id"] = id * 10 + 2, ["src"] = $"https://d26lpennugtm8s.cloudfront.net/stores/{id}-b.jpg", ["position"] = 2, ["product_id"] = id },
                    new JsonObject { ["id"] = id * 10 + 1, ["src"] = $"https://d26lpennugtm8s.cloudfront.net/stores/{id}-a.jpg", ["position"] = 1, ["product_id"] = id }),
                ["categories"] = category is null
                    ? new JsonArray()
                    : new JsonArray(new JsonObject { ["id"] = 4567, ["name"] = Localized(category, category), ["parent"] = null, ["subcategories"] = new JsonArray() }),
                ["brand"] = null,
                ["published"] = published,
                ["free_shipping"] = false,
                ["tags"] = "",
                ["created_at"] = "2024-03-01T10:00:00+0000",
                ["updated_at"] = "2024-03-02T10:00:00+0000",
            });
            return id;
        }
    }

    /// <summary>Adds an order of one line; <paramref name="number"/> is what customers see (from 100), the id is another.</summary>
    public long AddOrder(long number, (string Name, string Email, string? Phone) customer, (long ProductId, long VariantId, string Name, string Sku, string Price, int Quantity) line,
        string paymentStatus = "paid", string shippingStatus = "unpacked", string status = "open", string shippingCost = "1500.00")
    {
        lock (_orders)
        {
            var id = 450_789_000 + _orders.Count;
            var subtotal = decimal.Parse(line.Price, CultureInfo.InvariantCulture) * line.Quantity;
            var total = subtotal + decimal.Parse(shippingCost, CultureInfo.InvariantCulture);
            _orders.Add(new JsonObject
            {
                ["id"] = id,
                ["token"] = Guid.NewGuid().ToString("N"),
                ["number"] = number,
                ["currency"] = MainCurrency,
                ["language"] = MainLanguage,
                ["status"] = status,
                ["payment_status"] = paymentStatus,
                ["shipping_status"] = shippingStatus,
                ["subtotal"] = Money(subtotal),
                ["discount"] = "0.00",
                ["shipping_cost_customer"] = shippingCost,
                ["shipping_cost_owner"] = shippingCost,
                ["total"] = Money(total),
                ["total_usd"] = Money(total / 1000m),
                ["gateway"] = "mercadopago",
                ["shipping_tracking_number"] = shippingStatus == "fulfilled" ? "AR-TRACK-1" : null,
                ["cancel_reason"] = status == "cancelled" ? "customer" : null,
                ["billing_phone"] = customer.Phone,
                ["customer"] = new JsonObject
                {
                    ["id"] = 9000 + _orders.Count, ["name"] = customer.Name, ["email"] = customer.Email, ["phone"] = customer.Phone,
                    ["total_spent"] = Money(total), ["total_spent_currency"] = MainCurrency,
                },
                ["products"] = new JsonArray(new JsonObject
                {
                    ["product_id"] = line.ProductId, ["variant_id"] = line.VariantId, ["name"] = line.Name, ["sku"] = line.Sku,
                    ["price"] = line.Price, ["quantity"] = line.Quantity, ["free_shipping"] = false, ["weight"] = "0.50",
                }),
                ["created_at"] = "2024-05-10T14:30:00-03:00",
                ["updated_at"] = "2024-05-11T09:00:00-03:00",
            });
            return id;
        }
    }

    /// <summary>Changes a stored order, as the store owner would in the store's admin.</summary>
    public void ChangeOrder(long number, string field, string value)
    {
        lock (_orders)
        {
            _orders.Single(o => (long)o["number"]! == number)[field] = value;
        }
    }

    /// <summary>The next <paramref name="times"/> requests answer <paramref name="status"/> with this JSON body.</summary>
    public void FailNext(int status, int times = 1, string body = """{"code":500,"message":"Internal Server Error","description":"Something went wrong"}""")
    {
        var left = times;
        _trouble = async context =>
        {
            if (Interlocked.Decrement(ref left) < 0)
            {
                return false;
            }
            await WriteAsync(context, status, body);
            return true;
        };
    }

    /// <summary>The next <paramref name="times"/> requests are refused with 429; the bucket empties in <paramref name="resetMilliseconds"/>.</summary>
    public void RateLimitNext(int times, int resetMilliseconds)
    {
        var left = times;
        _trouble = async context =>
        {
            if (Interlocked.Decrement(ref left) < 0)
            {
                return false;
            }
            context.Response.Headers["X-Rate-Limit-Limit"] = "40";
            context.Response.Headers["X-Rate-Limit-Remaining"] = "0";
            context.Response.Headers["X-Rate-Limit-Reset"] = resetMilliseconds.ToString(CultureInfo.InvariantCulture);
            await WriteAsync(context, 429, """{"code":429,"message":"Too Many Requests","description":"Rate limit exceeded"}""");
            return true;
        };
    }

    /// <summary>From now on the store accepts connections but never answers (until <see cref="Recover"/> or disposal).</summary>
    public void Hang() => _trouble = async context =>
    {
        using var both = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        await Task.Delay(Timeout.Infinite, both.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        return true;
    };

    public void Recover() => _trouble = null;

    private async Task AnswerAsync(HttpContext context)
    {
        var prefix = $"/v1/{StoreId}";
        var path = context.Request.Path.Value ?? "";
        var resource = path.StartsWith(prefix, StringComparison.Ordinal) ? path[prefix.Length..] : path;
        _received.Enqueue(new ReceivedRequest(context.Request.Method, resource, context.Request.QueryString.Value ?? "",
            context.Request.Headers["Authentication"].ToString(), context.Request.Headers.UserAgent.ToString()));

        if (string.IsNullOrWhiteSpace(context.Request.Headers.UserAgent))
        {
            await WriteAsync(context, 400, """{"code":400,"message":"Bad Request","description":"User-Agent header is required"}""");
            return;
        }
        if (context.Request.Headers["Authentication"].ToString() != $"bearer {AccessToken}")
        {
            await WriteAsync(context, 401, """{"code":401,"message":"Unauthorized","description":"Invalid access token"}""");
            return;
        }
        if (_trouble is { } trouble && await trouble(context))
        {
            return;
        }
        if (!path.StartsWith(prefix + "/", StringComparison.Ordinal) || context.Request.Method != "GET")
        {
            await NotFoundAsync(context, "Not Found");
            return;
        }

        var segments = resource.Trim('/').Split('/');
        switch (segments)
        {
            case ["store"]:
                await WriteAsync(context, 200, new JsonObject
                {
                    ["id"] = StoreId,
                    ["name"] = Localized("Estudio de Danza", "Estúdio de Dança"),
                    ["main_language"] = MainLanguage,
                    ["main_currency"] = MainCurrency,
                    ["country"] = Country,
                    ["languages"] = new JsonObject { ["es"] = new JsonObject { ["currency"] = MainCurrency, ["active"] = true } },
                }.ToJsonString());
                break;
            case ["products"]:
                await ListAsync(context, Snapshot(_products).Where(p => MatchesProduct(p, context.Request.Query)).ToList());
                break;
            case ["products", var id]:
                await OneAsync(context, Snapshot(_products).FirstOrDefault(p => p["id"]!.ToString() == id), "Product");
                break;
            case ["orders"]:
                await ListAsync(context, Snapshot(_orders).Where(o => MatchesOrder(o, context.Request.Query["q"].ToString())).ToList());
                break;
            case ["orders", var id]:
                await OneAsync(context, Snapshot(_orders).FirstOrDefault(o => o["id"]!.ToString() == id), "Order");
                break;
            default:
                await NotFoundAsync(context, "Not Found");
                break;
        }
    }

    private static List<JsonObject> Snapshot(List<JsonObject> items)
    {
        lock (items)
        {
            return items.Select(i => (JsonObject)i.DeepClone()).ToList();
        }
    }

    private static async Task ListAsync(HttpContext context, List<JsonObject> items)
    {
        var page = int.TryParse(context.Request.Query["page"], CultureInfo.InvariantCulture, out var p) && p > 0 ? p : 1;
        var perPage = int.TryParse(context.Request.Query["per_page"], CultureInfo.InvariantCulture, out var n) && n > 0 ? Math.Min(n, 200) : 30;
        var last = Math.Max(1, (items.Count + perPage - 1) / perPage);
        if (page > last)
        {
            await NotFoundAsync(context, $"Last page is {last}");
            return;
        }
        string Link(int target) =>
            $"{context.Request.Scheme}://{context.Request.Host}{context.Request.Path}{Query(context.Request.Query, target)}";
        var links = new List<string>();
        if (page < last)
        {
            links.Add($"<{Link(page + 1)}>; rel=\"next\"");
            links.Add($"<{Link(last)}>; rel=\"last\"");
        }
        if (page > 1)
        {
            links.Add($"<{Link(1)}>; rel=\"first\"");
            links.Add($"<{Link(page - 1)}>; rel=\"prev\"");
        }
        if (links.Count > 0)
        {
            context.Response.Headers["Link"] = string.Join(", ", links);
        }
        context.Response.Headers["X-Total-Count"] = items.Count.ToString(CultureInfo.InvariantCulture);
        await WriteAsync(context, 200, new JsonArray(items.Skip((page - 1) * perPage).Take(perPage).Select(i => (JsonNode)i).ToArray()).ToJsonString());
    }

    private static string Query(IQueryCollection query, int page) =>
        "?" + string.Join('&', query.Where(q => q.Key != "page").Select(q => $"{q.Key}={Uri.EscapeDataString(q.Value.ToString())}")
            .Append($"page={page}"));

    private static Task OneAsync(HttpContext context, JsonObject? item, string what) =>
        item is null ? NotFoundAsync(context, $"{what} with such id does not exist") : WriteAsync(context, 200, item.ToJsonString());

    private static bool MatchesProduct(JsonObject product, IQueryCollection query)
    {
        if (query["category_id"].ToString() is { Length: > 0 } category
            && !product["categories"]!.AsArray().Any(c => c!["id"]!.ToString() == category))
        {
            return false;
        }
        if (query["q"].ToString() is not { Length: > 0 } q)
        {
            return true;
        }
        var text = Plain(string.Join(' ',
            product["name"]!.AsObject().Select(n => n.Value!.ToString())
                .Concat(product["description"]!.AsObject().Select(d => d.Value!.ToString()))
                .Concat(product["variants"]!.AsArray().Select(v => v!["sku"]?.ToString() ?? ""))));
        return Plain(q).Split(' ', StringSplitOptions.RemoveEmptyEntries).All(word => text.Contains(word, StringComparison.Ordinal));
    }

    private static bool MatchesOrder(JsonObject order, string q) =>
        q.Length == 0
        || order["number"]!.ToString() == q.TrimStart('#')
        || Plain(order["customer"]?["name"]?.ToString() ?? "").Contains(Plain(q), StringComparison.Ordinal)
        || Plain(order["customer"]?["email"]?.ToString() ?? "").Contains(Plain(q), StringComparison.Ordinal);

    private static string Plain(string text)
    {
        var plain = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                plain.Append(char.ToLowerInvariant(c));
            }
        }
        return plain.ToString();
    }

    private static Task NotFoundAsync(HttpContext context, string description) =>
        WriteAsync(context, 404, new JsonObject { ["code"] = 404, ["message"] = "Not Found", ["description"] = description }.ToJsonString());

    private static async Task WriteAsync(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(json);
    }

    private static JsonObject Localized(string es, string pt) => new() { ["es"] = es, ["pt"] = pt };

    private static string Handle(string name) => Plain(name).Replace(' ', '-');

    private static string Money(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }
}

/// <summary>What the store received: method, path after <c>/v1/{store_id}</c>, query, and the two headers the API requires.</summary>
public sealed record ReceivedRequest(string Method, string Path, string Query, string Authentication, string UserAgent);
