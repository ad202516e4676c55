using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace VersatileHub.Hub.Connectors.TiendaNube;

/// <summary>One page of a listing: its items, the total the store counts, and the store's link to the next page.</summary>
internal sealed record StorePage<T>(IReadOnlyList<T> Items, int? Total, Uri? Next);

/// <summary>
/// Reads one Tienda Nube store through its REST API v1: <c>{base}/{store_id}/...</c> with the
/// <c>Authentication: bearer</c> header (not <c>Authorization</c>) and the User-Agent the API requires.
/// Every call is bounded by <see cref="TiendaNubeOptions.Timeout"/>; failures are <see cref="TiendaNubeException"/>s.
/// </summary>
internal sealed class TiendaNubeClient
{
    public const string HttpClientName = "TiendaNube";

    /// <summary>The API pages at most this many items.</summary>
    public const int MaxPerPage = 200;

    private readonly HttpClient _http;
    private readonly ConnectorCredentials _credentials;
    private readonly TiendaNubeOptions _options;
    private readonly string _storeRoot;

    public TiendaNubeClient(HttpClient http, ConnectorCredentials credentials, TiendaNubeOptions options)
    {
        if (string.IsNullOrEmpty(credentials.Key) || !credentials.Key.All(char.IsAsciiDigit))
        {
            throw new TiendaNubeException(StoreFailure.Unauthorized,
                "El id de la tienda debe ser un número. / The store id must be a number.");
        }
        if (string.IsNullOrWhiteSpace(credentials.Secret))
        {
            throw new TiendaNubeException(StoreFailure.Unauthorized,
                "Falta el token de acceso de la tienda. / The store's access token is missing.");
        }
        _http = http;
        _credentials = credentials;
        _options = options;
        _storeRoot = $"{credentials.BaseUrl.AbsoluteUri.TrimEnd('/')}/{credentials.Key}/";
    }

    public string StoreId => _credentials.Key;

    public async Task<StoreResource> GetStoreAsync(CancellationToken cancellationToken) =>
        await GetAsync<StoreResource>(Resource("store"), cancellationToken)
        ?? throw new TiendaNubeException(StoreFailure.Failed, "Tienda Nube no describió la tienda. / Tienda Nube did not describe the store.");

    /// <summary>A page of products; <paramref name="query"/> is the API's <c>q</c> (names, descriptions, SKUs).</summary>
    public Task<StorePage<ProductResource>> ListProductsAsync(
        string? query, long? categoryId, int page, int perPage, CancellationToken cancellationToken)
    {
        var parameters = new List<string> { $"page={page}", $"per_page={Math.Clamp(perPage, 1, MaxPerPage)}" };
        if (!string.IsNullOrWhiteSpace(query))
        {
            parameters.Add($"q={Uri.EscapeDataString(query)}");
        }
        if (categoryId is { } category)
        {
            parameters.Add(string.Create(CultureInfo.InvariantCulture, $"category_id={category}"));
        }
        return ListAsync<ProductResource>(Resource("products?" + string.Join('&', parameters)), cancellationToken);
    }

    /// <summary>The page a <c>Link: rel="next"</c> pointed to; the API asks clients to follow its links rather than build them.</summary>
    public Task<StorePage<ProductResource>> NextProductsAsync(Uri next, CancellationToken cancellationToken)
    {
        if (!next.AbsoluteUri.StartsWith(_storeRoot, StringComparison.Ordinal))
        {
            throw new TiendaNubeException(StoreFailure.Failed,
                "La tienda indicó una página fuera de su API. / The store linked to a page outside its API.");
        }
        return ListAsync<ProductResource>(next, cancellationToken);
    }

    /// <summary>The product, or null when the store has none with that id.</summary>
    public Task<ProductResource?> GetProductAsync(long id, CancellationToken cancellationToken) =>
        GetAsync<ProductResource>(Resource(string.Create(CultureInfo.InvariantCulture, $"products/{id}")), cancellationToken, notFoundIsNull: true);

    /// <summary>The order with this number (not its id), or null; <c>q</c> also matches customer names, so the number is checked.</summary>
    public async Task<OrderResource?> FindOrderByNumberAsync(long number, CancellationToken cancellationToken)
    {
        var page = await ListAsync<OrderResource>(
            Resource(string.Create(CultureInfo.InvariantCulture, $"orders?q={number}&per_page=50")), cancellationToken);
        return page.Items.FirstOrDefault(o => o.Number == number);
    }

    private Uri Resource(string relative) => new(_storeRoot + relative);

    private async Task<StorePage<T>> ListAsync<T>(Uri uri, CancellationToken cancellationToken)
    {
        // The API answers 404 for a page past the last one: that page is empty.
        var (items, headers) = await SendAsync<List<T>>(uri, notFoundIsNull: true, cancellationToken);
        int? total = headers.TryGetValues("X-Total-Count", out var counts)
            && int.TryParse(counts.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : null;
        return new StorePage<T>(items ?? [], total, NextLink(headers));
    }

    private async Task<T?> GetAsync<T>(Uri uri, CancellationToken cancellationToken, bool notFoundIsNull = false) =>
        (await SendAsync<T>(uri, notFoundIsNull, cancellationToken)).Value;

    private async Task<(T? Value, HttpResponseHeaders Headers)> SendAsync<T>(Uri uri, bool notFoundIsNull, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, uri);
                request.Headers.TryAddWithoutValidation("Authentication", $"bearer {_credentials.Secret}");
                request.Headers.TryAddWithoutValidation("User-Agent", _options.UserAgent);
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

                var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                if (response.StatusCode == HttpStatusCode.TooManyRequests && attempt == 1
                    && WaitAsked(response) is { } wait && wait <= _options.MaxRateLimitWait)
                {
                    response.Dispose();
                    await Task.Delay(wait, timeout.Token);
                    continue;
                }
                if (response.StatusCode == HttpStatusCode.NotFound && notFoundIsNull)
                {
                    response.Dispose();
                    return (default, response.Headers);
                }
                if (!response.IsSuccessStatusCode)
                {
                    using (response)
                    {
                        throw await FailureAsync(response, timeout.Token);
                    }
                }
                try
                {
                    return (await response.Content.ReadFromJsonAsync<T>(TiendaNubeJson.Options, timeout.Token), response.Headers);
                }
                catch (JsonException exception)
                {
                    throw new TiendaNubeException(StoreFailure.Failed,
                        "La tienda respondió algo que no es lo que su API documenta. / The store answered something its API does not document.",
                        inner: exception);
                }
                finally
                {
                    response.Dispose();
                }
            }
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TiendaNubeException(StoreFailure.Timeout, string.Create(CultureInfo.InvariantCulture,
                $"Tienda Nube no respondió en {_options.Timeout.TotalSeconds:0.#} s. / Tienda Nube did not answer within {_options.Timeout.TotalSeconds:0.#} s."),
                inner: exception);
        }
        catch (HttpRequestException exception)
        {
            throw new TiendaNubeException(StoreFailure.Failed,
                $"No se pudo llegar a Tienda Nube ({exception.Message}). / Tienda Nube could not be reached ({exception.Message}).", inner: exception);
        }
    }

    /// <summary>The wait a 429 asks for: <c>Retry-After</c>, or else the API's <c>X-Rate-Limit-Reset</c> (milliseconds).</summary>
    private static TimeSpan? WaitAsked(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter is { } retryAfter)
        {
            return retryAfter.Delta ?? (retryAfter.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        }
        return response.Headers.TryGetValues("X-Rate-Limit-Reset", out var values)
            && long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds)
                ? TimeSpan.FromMilliseconds(milliseconds)
                : null;
    }

    private static async Task<TiendaNubeException> FailureAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var detail = await DescriptionAsync(response, cancellationToken);
        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new TiendaNubeException(StoreFailure.Unauthorized,
                $"Tienda Nube rechazó el token de acceso ({status}{detail}); revisá la configuración del conector. / " +
                $"Tienda Nube refused the access token ({status}{detail}); check the connector's settings."),
            HttpStatusCode.PaymentRequired => new TiendaNubeException(StoreFailure.Unauthorized,
                "La tienda o la app tiene un pago pendiente y Tienda Nube suspendió el acceso (402). / " +
                "Tienda Nube suspended access until the store or app payment is made (402)."),
            HttpStatusCode.TooManyRequests => new TiendaNubeException(StoreFailure.RateLimited,
                "Tienda Nube pide esperar antes de más consultas (429). / Tienda Nube asks to wait before more requests (429).",
                WaitAsked(response)),
            _ => new TiendaNubeException(StoreFailure.Failed,
                $"Tienda Nube respondió {status}{detail}. / Tienda Nube answered {status}{detail}."),
        };
    }

    /// <summary>What the error body says, when it is short JSON: the API's <c>description</c> or <c>error</c>, or a 422's fields.</summary>
    private static async Task<string> DescriptionAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (body.Length is 0 or > 2000)
            {
                return "";
            }
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind != JsonValueKind.Object)
            {
                return "";
            }
            foreach (var name in new[] { "description", "error", "message" })
            {
                if (json.RootElement.TryGetProperty(name, out var text) && text.ValueKind == JsonValueKind.String)
                {
                    return $": {text.GetString()}";
                }
            }
            return $": {string.Join(", ", json.RootElement.EnumerateObject().Select(p => p.Name))}";
        }
        catch (JsonException)
        {
            return "";
        }
    }

    private static Uri? NextLink(HttpResponseHeaders headers)
    {
        if (!headers.TryGetValues("Link", out var values))
        {
            return null;
        }
        // Link: <https://...?page=3&per_page=100>; rel="next", <https://...?page=50&per_page=100>; rel="last"
        foreach (var link in values.SelectMany(v => v.Split(',')))
        {
            var parts = link.Split(';', StringSplitOptions.TrimEntries);
            if (parts.Length >= 2 && parts[0].StartsWith('<') && parts[0].EndsWith('>')
                && parts.Skip(1).Any(p => p.Replace(" ", "", StringComparison.Ordinal) is "rel=\"next\"" or "rel=next")
                && Uri.TryCreate(parts[0][1..^1], UriKind.Absolute, out var next))
            {
                return next;
            }
        }
        return null;
    }
}
