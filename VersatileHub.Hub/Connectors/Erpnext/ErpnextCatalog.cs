using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VersatileHub.Hub.Api;
using VersatileHub.Hub.Catalog;
using VersatileHub.Hub.Data;
using VersatileHub.ServiceDefaults.Events;
using VersatileHub.ServiceDefaults.Tenancy;

namespace VersatileHub.Hub.Connectors.Erpnext;

/// <summary>
/// ERPNext Item + Item Price (the configured selling price list) + Bin (actual_qty summed over warehouses) → Hub product.
/// A template item (has_variants) becomes one product whose variants are its variant items (SKU = item_code, attributes
/// from the variant's attributes table); any other item becomes a product with one variant whose SKU is its item_code.
/// ERPNext is the record for items, prices and stock: the Hub never pushes them and a pull always overwrites them.
/// </summary>
internal sealed class ErpnextCatalog(
    HubDbContext db, CurrentTenant tenant, EventPublisher publisher, TimeProvider time, FrappeClient frappe, ErpnextLinks links,
    IOptions<ErpnextOptions> options)
{
    public const string DocType = "Item";

    private static readonly string[] ItemFields = ["name", "item_code", "item_name", "description", "variant_of", "has_variants", "disabled", "modified"];

    public async Task PullAsync(SyncRun sync, CancellationToken cancellationToken)
    {
        var counts = sync.Counts.Of(DocType);
        var priceList = options.Value.PriceList;
        var changedItems = await frappe.ListAsync(sync.Credentials, DocType, ItemFields, sync.ChangedSince(DocType), cancellationToken);
        var changedPrices = await frappe.ListAsync(sync.Credentials, "Item Price", ["name", "item_code", "modified"],
            [["price_list", "=", priceList], .. sync.ChangedSince("Item Price")], cancellationToken);
        var changedBins = await frappe.ListAsync(sync.Credentials, "Bin", ["name", "item_code", "modified"], sync.ChangedSince("Bin"), cancellationToken);

        // A price or stock change touches its item's product as much as an item change does.
        var codes = changedItems.Select(i => i.Name()).Concat(changedPrices.Concat(changedBins).Select(d => d.Text("item_code")).OfType<string>()).ToHashSet();
        var items = changedItems.ToDictionary(i => i.Name());
        var missing = codes.Where(c => !items.ContainsKey(c)).ToList();
        if (missing.Count > 0)
        {
            foreach (var item in await frappe.ListAsync(sync.Credentials, DocType, ItemFields, [["name", "in", missing]], cancellationToken))
            {
                items[item.Name()] = item;
            }
        }

        foreach (var template in items.Values.Select(i => i.Text("variant_of") ?? i.Name()).Distinct())
        {
            try
            {
                await ApplyAsync(sync.Credentials, template, priceList, counts, cancellationToken);
            }
            catch (Exception exception) when (exception is InvalidFieldException or ConflictException or DbUpdateException)
            {
                counts.Failed++;
                db.ForgetChangesExcept(sync.State);
            }
        }
        foreach (var (doctype, documents) in new[] { (DocType, changedItems), ("Item Price", changedPrices), ("Bin", changedBins) })
        {
            foreach (var document in documents)
            {
                sync.State.Advance(doctype, document.Modified());
            }
        }
    }

    private async Task ApplyAsync(ConnectorCredentials credentials, string templateCode, string priceList, DocumentCounts counts, CancellationToken cancellationToken)
    {
        var template = await frappe.GetAsync(credentials, DocType, templateCode, cancellationToken);
        var variants = template.Text("has_variants") == "1"
            ? await frappe.ListAsync(credentials, DocType, ItemFields, [["variant_of", "=", templateCode]], cancellationToken)
            : [template];
        var codes = variants.Select(v => v.Name()).Append(templateCode).Distinct().ToList();
        var prices = (await frappe.ListAsync(credentials, "Item Price", ["item_code", "price_list_rate", "currency"],
                [["price_list", "=", priceList], ["item_code", "in", codes]], cancellationToken))
            .GroupBy(p => p.Text("item_code")!).ToDictionary(g => g.Key, g => g.First());
        var stock = (await frappe.ListAsync(credentials, "Bin", ["item_code", "actual_qty"], [["item_code", "in", codes]], cancellationToken))
            .GroupBy(b => b.Text("item_code")!).ToDictionary(g => g.Key, g => g.Sum(b => b.Number("actual_qty")));

        var productPrice = prices.GetValueOrDefault(templateCode) ?? variants.Select(v => prices.GetValueOrDefault(v.Name())).OfType<JsonObject>().FirstOrDefault();
        var currency = productPrice?.Text("currency") ?? options.Value.DefaultCurrency;
        var price = Money.Of(Cents(productPrice?.Number("price_list_rate") ?? 0m), currency);
        var now = time.GetUtcNow();

        var link = await links.ByRemoteAsync(DocType, templateCode, cancellationToken);
        var product = link is null ? null : await db.Set<Product>().Include(p => p.Category).Include(p => p.Variants)
            .AsSplitQuery().SingleOrDefaultAsync(p => p.Id == link.LocalId, cancellationToken);
        var created = product is null;
        product ??= Product.Create(template.Text("item_name") ?? templateCode, template.Text("description"), price, null, now);
        product.Describe(template.Text("item_name") ?? templateCode, PlainText(template.Text("description")), now);
        product.Reprice(price, now);
        // An item that cannot be sold (disabled, or without a price in the selling list) is kept but not offered.
        product.SetActive(template.Text("disabled") != "1" && productPrice is not null, now);

        foreach (var variant in variants)
        {
            var code = variant.Name();
            var attributes = variant == template ? ProductAttributes.None : await AttributesAsync(credentials, code, cancellationToken);
            var quantity = (int)Math.Clamp(Math.Floor(stock.GetValueOrDefault(code)), 0, int.MaxValue);
            var own = prices.GetValueOrDefault(code) is { } p && p.Text("currency") == currency ? Cents(p.Number("price_list_rate")) : (decimal?)null;
            var priceOverride = own == price.Amount ? null : own;
            if (product.Variants.FirstOrDefault(v => v.Sku == code) is { } existing)
            {
                product.ChangeVariant(existing.Id, code, quantity, attributes, priceOverride, now);
            }
            else
            {
                product.AddVariant(code, quantity, attributes, priceOverride, now);
            }
        }
        foreach (var gone in product.Variants.Where(v => variants.All(r => r.Name() != v.Sku)).ToList())
        {
            product.RemoveVariant(gone.Id, now);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (created)
        {
            db.Add(product);
        }
        await db.SaveChangesAsync(cancellationToken);
        if (link is null)
        {
            link = ErpnextLink.Of(DocType, templateCode);
            db.Add(link);
        }
        link.Exchanged(product.Id, template.Modified(), "");
        publisher.Publish(db, created ? "product.created" : "product.updated", tenant.RequiredId,
            product.Id.ToString(CultureInfo.InvariantCulture), ProductView.Of(product));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        counts.Stored(created);
    }

    /// <summary>A variant item's attributes table (attribute → attribute_value), read from the full document.</summary>
    private async Task<ProductAttributes> AttributesAsync(ConnectorCredentials credentials, string code, CancellationToken cancellationToken)
    {
        var document = await frappe.GetAsync(credentials, DocType, code, cancellationToken);
        var values = (document["attributes"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(a => a.Text("attribute") is not null && a.Text("attribute_value") is not null)
            .GroupBy(a => a.Text("attribute")!)
            .ToDictionary(g => g.Key, g => g.First().Text("attribute_value")!);
        return ProductAttributes.From(values, "attributes");
    }

    private static decimal Cents(decimal amount) => decimal.Round(amount, 2, MidpointRounding.AwayFromZero);

    private static string? PlainText(string? html) =>
        html is null ? null : System.Text.RegularExpressions.Regex.Replace(html, "<[^>]+>", " ").Trim();
}
