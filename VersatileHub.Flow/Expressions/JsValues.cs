using System.Globalization;
using System.Text.Json.Nodes;
using Jint;
using Jint.Native;
using Jint.Native.Json;

namespace VersatileHub.Flow.Expressions;

/// <summary>Moves items between System.Text.Json and Jint through JSON text, so scripts see plain objects and never a .NET type.</summary>
internal static class JsValues
{
    public static JsValue From(Engine engine, JsonNode? node) =>
        node switch
        {
            null => JsValue.Null,
            JsonValue value when value.TryGetValue<string>(out var text) => new JsString(text),
            JsonValue value when value.TryGetValue<bool>(out var flag) => flag ? JsBoolean.True : JsBoolean.False,
            JsonValue value when JsonNumbers.TryGet(value, out var number) => new JsNumber(number),
            _ => new JsonParser(engine).Parse(node.ToJsonString()),
        };

    public static JsonNode? ToJson(Engine engine, JsValue value)
    {
        if (value.IsUndefined() || value.IsNull())
        {
            return null;
        }
        if (value.IsString())
        {
            return JsonValue.Create(value.AsString());
        }
        if (value.IsDate())
        {
            return JsonValue.Create(value.AsDate().ToDateTime().ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        }
        switch (value)
        {
            case JsBoolean:
                return JsonValue.Create(value.AsBoolean());
            case JsNumber:
                var number = value.AsNumber();
                if (double.IsNaN(number) || double.IsInfinity(number))
                {
                    return null;
                }
                return number == Math.Floor(number) && Math.Abs(number) < 9e15 ? JsonValue.Create((long)number) : JsonValue.Create(number);
            default:
                var json = new JsonSerializer(engine).Serialize(value);
                return json.IsUndefined() ? null : JsonNode.Parse(json.AsString());
        }
    }
}

/// <summary>A JSON number as a double, whichever .NET type holds it (parsed JSON, or a value made from an int, long or double).</summary>
public static class JsonNumbers
{
    public static bool TryGet(JsonValue value, out double number)
    {
        if (value.GetValueKind() != System.Text.Json.JsonValueKind.Number)
        {
            number = 0;
            return false;
        }
        if (value.TryGetValue(out number))
        {
            return true;
        }
        if (value.TryGetValue<long>(out var whole))
        {
            number = whole;
            return true;
        }
        if (value.TryGetValue<int>(out var small))
        {
            number = small;
            return true;
        }
        if (value.TryGetValue<decimal>(out var exact))
        {
            number = (double)exact;
            return true;
        }
        return double.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number);
    }
}
