using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VersatileHub.ServiceDefaults.Tenancy;

namespace VersatileHub.Hub.Connectors.Erpnext;

/// <summary>
/// A Hub entity and the ERPNext document it mirrors: the document's <c>name</c> and <c>modified</c> as last exchanged, and
/// a fingerprint of the Hub entity's mapped fields at that moment. A Hub entity whose fingerprint differs has a local change
/// waiting to be pushed; one whose fingerprint matches has nothing to send (so a pulled change never bounces back).
/// </summary>
internal sealed class ErpnextLink : ITenantOwned
{
    private ErpnextLink()
    {
    }

    public int Id { get; private set; }

    public int TenantId { get; private set; }

    /// <summary>The ERPNext DocType: Customer, Item, Sales Order, Issue.</summary>
    public string DocType { get; private set; } = "";

    public string RemoteName { get; private set; } = "";

    public int LocalId { get; private set; }

    /// <summary>Frappe's <c>modified</c> of the document as last pulled or pushed.</summary>
    public string RemoteModified { get; private set; } = "";

    public string Fingerprint { get; private set; } = "";

    public static ErpnextLink Of(string doctype, string remoteName) => new() { DocType = doctype, RemoteName = remoteName };

    public void Exchanged(int localId, string remoteModified, string fingerprint)
    {
        LocalId = localId;
        RemoteModified = remoteModified;
        Fingerprint = fingerprint;
    }
}

internal sealed class ErpnextLinkConfiguration : IEntityTypeConfiguration<ErpnextLink>
{
    public void Configure(EntityTypeBuilder<ErpnextLink> builder)
    {
        builder.ToTable("erpnext_links");
        builder.Property(l => l.DocType).HasMaxLength(40);
        builder.Property(l => l.RemoteName).HasMaxLength(140);
        builder.Property(l => l.RemoteModified).HasMaxLength(40);
        builder.Property(l => l.Fingerprint).HasMaxLength(2000);
        builder.HasIndex(l => new { l.TenantId, l.DocType, l.RemoteName }).IsUnique();
        builder.HasIndex(l => new { l.TenantId, l.DocType, l.LocalId });
    }
}

/// <summary>Reading Frappe documents: its field names and its time stamps.</summary>
internal static class FrappeDocument
{
    public static string? Text(this JsonObject doc, string field) =>
        doc[field] is JsonValue value && value.ToString() is { Length: > 0 } text ? text : null;

    public static decimal Number(this JsonObject doc, string field) =>
        doc[field] is JsonValue value && decimal.TryParse(value.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : 0m;

    public static string Name(this JsonObject doc) => doc.Text("name") ?? throw new ConnectorFailure("ERPNext answered a document without a name.");

    public static string Modified(this JsonObject doc) => doc.Text("modified") ?? "";

    /// <summary>Frappe's <c>modified</c> is the site's local time without an offset.</summary>
    public static DateTimeOffset ModifiedAt(this JsonObject doc, TimeZoneInfo site)
    {
        if (!DateTime.TryParse(doc.Modified(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return DateTimeOffset.MinValue;
        }
        return new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), site.GetUtcOffset(local));
    }
}
