using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VersatileHub.Flow.Workflows;

namespace VersatileHub.Flow.Data;

/// <summary>Maps JSON-valued properties to <c>jsonb</c> columns, compared by their serialized text for change tracking.</summary>
internal static class JsonColumns
{
    public static PropertyBuilder<T> HasJsonbConversion<T>(this PropertyBuilder<T> property)
        where T : JsonNode =>
        property.HasColumnType("jsonb").HasConversion(
            value => value.ToJsonString(WorkflowDefinition.Json),
            text => (T)JsonNode.Parse(text, null, default)!,
            new ValueComparer<T>(
                (a, b) => JsonNode.DeepEquals(a, b),
                value => value.ToJsonString(WorkflowDefinition.Json).GetHashCode(StringComparison.Ordinal),
                value => (T)value.DeepClone()));

    public static PropertyBuilder<T?> HasNullableJsonbConversion<T>(this PropertyBuilder<T?> property)
        where T : JsonNode =>
        property.HasColumnType("jsonb").HasConversion(
            value => value == null ? null : value.ToJsonString(WorkflowDefinition.Json),
            text => text == null ? null : (T)JsonNode.Parse(text, null, default)!,
            new ValueComparer<T?>(
                (a, b) => JsonNode.DeepEquals(a, b),
                value => value == null ? 0 : value.ToJsonString(WorkflowDefinition.Json).GetHashCode(StringComparison.Ordinal),
                value => value == null ? null : (T)value.DeepClone()));

    /// <summary>A definition is immutable: a new one replaces the old, so reference equality tracks changes.</summary>
    public static PropertyBuilder<WorkflowDefinition> HasDefinitionConversion(this PropertyBuilder<WorkflowDefinition> property) =>
        property.HasColumnType("jsonb").HasConversion(
            definition => JsonSerializer.Serialize(definition, WorkflowDefinition.Json),
            text => JsonSerializer.Deserialize<WorkflowDefinition>(text, WorkflowDefinition.Json)!);
}
