using System.Collections;
using System.Collections.Immutable;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using CsCheck;

namespace Domains.Tests.Fixtures;

/// <summary>
/// CsCheck generators of hostile JSON for a request body type, read by reflection from the type the
/// route table names (<c>JsonBodyMetadata</c>). Every body made by <see cref="Defective"/> carries at least
/// one defect that makes it invalid whatever the rest holds: malformed syntax, a root that is not an object,
/// nesting beyond the reader's depth, a field of the wrong JSON type or out of its type's range, an enum
/// outside its members, or a string longer than any field admits. The rest is noise: extreme, odd or
/// plausible values, so the defect is found among realistic neighbours.
/// </summary>
public static class HostileJson
{
    /// <summary>The longest text any field admits (<c>Validator.MaxTextLength</c>); an overlong string exceeds it.</summary>
    public const int MaxFieldLength = 4000;

    /// <summary>Huge strings stay under this many characters, so a run stays quick.</summary>
    public const int MaxHugeLength = 200 * 1024;

    /// <summary>The reader refuses deeper documents (<c>JsonDocumentOptions.MaxDepth</c> of CommandRequest).</summary>
    public const int ReaderMaxDepth = 32;

    private static readonly string[] Odd =
    [
        "null", "true", "false", "0", "-1", "-0", "1.5", "2147483647", "2147483648", "-2147483649", "9223372036854775808",
        "1e400", "-1e400", "1e-400", "79228162514264337593543950336", "\"\"", "\" \"", "\"\\u0000\"", "\"\\uD800\"", "\"\\uDFFFx\"",
        "\"\\u202Egnp.exe\"", "\"0001-01-01T00:00:00Z\"", "\"9999-12-31T23:59:59.9999999Z\"", "\"2026-02-30T00:00:00Z\"",
        "\"P99999Y\"", "\"P10000Y\"", "\"-P1D\"", "[]", "[null]", "{}", "{\"\":null}",
    ];

    private static readonly Gen<char> Chars = Gen.Frequency(
        (6, Gen.Char[' ', '~']),
        (2, Gen.Char["\u202E\u202D\u200F\u200B\uFEFF\u0000\u0007\u001F\u007F\u2028\u2029\"\\\n\t"]),
        (2, Gen.Char["éßΩЖ中文字😀\uD83D\uDE00\uD800\uDFFF\uFFFF\uFFFE"]));

    /// <summary>A JSON string: any UTF-16 text, lone surrogates and control characters escaped, the rest raw or escaped.</summary>
    public static readonly Gen<string> Text = Gen.Select(Chars.Array[0, 48], Gen.Bool, (chars, escapeAll) => Literal(new string(chars), escapeAll));

    public static readonly Gen<string> OddValue = Gen.OneOf(Odd);

    /// <summary>Any value at all, of any JSON type.</summary>
    public static readonly Gen<string> AnyValue = Gen.Frequency(
        (4, OddValue),
        (3, Text),
        (1, OddValue.Array[0, 4].Select(items => $"[{string.Join(",", items)}]")),
        (1, Gen.Select(Text, OddValue, (name, value) => $"{{{name}:{value}}}")));

    /// <summary>A string of 4,001 to 200 KiB characters: a short random chunk repeated.</summary>
    public static readonly Gen<string> Huge = Gen.Select(Chars.Array[1, 16], Gen.Int[MaxFieldLength + 1, MaxHugeLength], (chunk, length) =>
    {
        var text = new StringBuilder(length + chunk.Length);
        while (text.Length < length) text.Append(chunk);
        return Literal(text.ToString(), escapeAll: false);
    });

    /// <summary>Arrays or objects nested deeper than the reader allows (up to 200 levels).</summary>
    public static readonly Gen<string> Deep = Gen.Select(Gen.Int[ReaderMaxDepth + 1, 200], Gen.Bool, (depth, arrays) =>
        arrays ? new string('[', depth) + new string(']', depth) : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth));

    /// <summary>The shape of a body type's JSON, from its record constructor (the properties the serializer fills).</summary>
    public static Shape ShapeOf(Type type, int depth = 0)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string)) return new Leaf(LeafKind.String);
        if (type == typeof(int)) return new Leaf(LeafKind.Int32);
        if (type == typeof(long)) return new Leaf(LeafKind.Int64);
        if (type == typeof(decimal)) return new Leaf(LeafKind.Decimal);
        if (type == typeof(bool)) return new Leaf(LeafKind.Boolean);
        if (type == typeof(DateTimeOffset)) return new Leaf(LeafKind.Instant);
        if (type == typeof(JsonElement)) return new Leaf(LeafKind.AnyJson);
        if (type.IsEnum)
        {
            return new Leaf(LeafKind.Enum, Enum.GetNames(type).Select(n => JsonNamingPolicy.KebabCaseLower.ConvertName(n)).ToArray());
        }
        if (type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type) && type.IsGenericType)
        {
            return new ArrayOf(ShapeOf(type.GetGenericArguments()[0], depth + 1));
        }
        if (depth > 4) throw new NotSupportedException($"{type} nests too deep for a request body");
        var constructor = type.GetConstructors(BindingFlags.Public | BindingFlags.Instance).MaxBy(c => c.GetParameters().Length)
            ?? throw new NotSupportedException($"{type} has no public constructor");
        return new ObjectOf(constructor.GetParameters()
            .Select(p => new Field(JsonNamingPolicy.CamelCase.ConvertName(p.Name!), ShapeOf(p.ParameterType, depth + 1)))
            .ToList());
    }

    /// <summary>A body that is invalid for <paramref name="shape"/> whatever else it holds; the label names its defect.</summary>
    public static Gen<(string Defect, byte[] Body)> Defective(ObjectOf shape)
    {
        var gens = new List<(int, IGen<(string, byte[])>)>
        {
            (3, Malformed(shape)),
            (2, Gen.Frequency((3, OddValue), (2, Text), (1, Huge)).Where(v => !v.StartsWith('{')).Select(v => ("not-an-object", Utf8(v)))),
            (2, Gen.Select(Deep, Gen.Int[0, Math.Max(0, shape.Fields.Count - 1)], (deep, i) =>
                ("too-deep", Utf8(shape.Fields.Count == 0 ? deep : $"{{\"{shape.Fields[i].Name}\":{deep}}}")))),
        };
        var paths = Paths(shape).ToList();
        if (paths.Count > 0)
        {
            gens.Add((5, Gen.Int[0, paths.Count - 1].SelectMany(i => Body(shape, paths[i], WrongValue(paths[i].Target))
                .Select(body => ($"wrong-value at {paths[i]}", Utf8(body))))));
        }
        var texts = paths.Where(p => p.Target is Leaf { Kind: LeafKind.String }).ToList();
        if (texts.Count > 0)
        {
            gens.Add((2, Gen.Int[0, texts.Count - 1].SelectMany(i => Body(shape, texts[i], Huge)
                .Select(body => ($"overlong at {texts[i]}", Utf8(body))))));
        }
        return Gen.Frequency(gens.ToArray());
    }

    /// <summary>A body of the shape with noise in it: valid or not, it is the headers that carry the defect.</summary>
    public static Gen<byte[]> Noise(ObjectOf shape) => Body(shape, null, null).Select(Utf8);

    /// <summary>
    /// A body with every field present and of its type, values at the edges of the type (the first and last
    /// instant a request may name, int.MaxValue, -1, right-to-left and wide characters, empty lists): often
    /// valid, so it reaches the rules and the storage behind them.
    /// </summary>
    public static Gen<byte[]> WellTyped(ObjectOf shape) => WellTypedObject(shape).Select(Utf8);

    private static readonly Gen<string> CleanText = Gen.Select(
        Gen.Frequency(
            (6, Gen.Char['a', 'z']),
            (2, Gen.Char[' ', '~']),
            (2, Gen.Char["\u202E\u202D\u200F\u200B\uFEFFéßΩЖ中文字\uFFFD"])).Array[1, 48],
        Gen.Bool, (chars, escapeAll) => Literal(new string(chars), escapeAll));

    private static Gen<string> WellTypedObject(ObjectOf shape)
    {
        var parts = Gen.Const(ImmutableList<string>.Empty);
        foreach (var field in shape.Fields)
        {
            parts = from list in parts from v in WellTypedValue(field.Shape) select list.Add($"\"{field.Name}\":{v}");
        }
        return parts.Select(list => "{" + string.Join(",", list) + "}");
    }

    private static Gen<string> WellTypedValue(Shape shape) => shape switch
    {
        Leaf { Kind: LeafKind.String } => Gen.Frequency((4, CleanText), (1, Gen.OneOf("\"P30D\"", "\"P1000Y\"", "\"PT0S\"", "\"2999-12-31T23:59:59Z\"", "\"https://127.0.0.1:9/x\""))),
        Leaf { Kind: LeafKind.Int32 or LeafKind.Int64 } => Gen.OneOf("-2147483648", "-1", "0", "1", "3", "36", "37", "2147483647"),
        Leaf { Kind: LeafKind.Decimal } => Gen.OneOf("0", "0.01", "1200.50", "79228162514264337593543950335", "0.0000000000000000000000000001"),
        Leaf { Kind: LeafKind.Boolean } => Gen.OneOf("true", "false"),
        Leaf { Kind: LeafKind.Instant } => Gen.OneOf(
            "\"0001-01-01T00:00:00Z\"", "\"1970-01-01T00:00:00Z\"", "\"2026-01-01T00:00:00+14:00\"", "\"2999-12-31T23:59:59.999999Z\"",
            "\"2026-06-30T12:00:00.123456789Z\""),
        Leaf { Kind: LeafKind.Enum } leaf => Gen.OneOf(leaf.Members).Select(m => $"\"{m}\""),
        Leaf => Gen.OneOf("{}", "{\"host\":\"h\",\"port\":5432}", "{\"a\":{\"b\":[1,2,3]}}"),
        ArrayOf array => WellTypedValue(array.Item).Array[0, 3].Select(items => $"[{string.Join(",", items)}]"),
        ObjectOf obj => WellTypedObject(obj),
        _ => Gen.Const("null"),
    };

    /// <summary>Syntax errors: a body cut short, garbage after it, single quotes, comments, NaN, raw control characters, invalid UTF-8.</summary>
    private static Gen<(string, byte[])> Malformed(ObjectOf shape) =>
        Gen.Select(Body(shape, null, null), Gen.Int[0, 9], Gen.Int[0, int.MaxValue], (body, kind, at) =>
        {
            var text = kind switch
            {
                // Any proper non-empty prefix of an object's text leaves it unclosed.
                0 => body[..(1 + at % Math.Max(1, body.Length - 1))],
                1 => body + (at % 3 == 0 ? "}" : at % 3 == 1 ? " x" : ",{}"),
                2 => body.Contains('"') ? body.Replace('"', '\'') : "{'a':1}",
                3 => "/* note */" + body,
                4 => "{\"a\":NaN}",
                5 => "{\"a\":\"line\nbreak\"}",
                6 => "{\"a\" 1}",
                7 => "{\"a\":1,}",
                8 => "\uFEFF\uFEFF{}",
                _ => null,
            };
            return text is null
                ? ("malformed-utf8", [(byte)'{', (byte)'"', (byte)'a', (byte)'"', (byte)':', (byte)'"', 0xC3, 0x28, 0xFF, (byte)'"', (byte)'}'])
                : ("malformed-json", Utf8(text));
        });

    /// <summary>Values of the wrong JSON type for the target, or of its type but out of its range or members.</summary>
    private static Gen<string> WrongValue(Shape target) => target switch
    {
        Leaf { Kind: LeafKind.String } => Gen.OneOf("1", "-1e400", "true", "false", "[]", "{}", "[\"a\"]", "{\"a\":\"b\"}"),
        // Numbers may come as strings ("12"); these do not parse as the type in either form.
        Leaf { Kind: LeafKind.Int32 } => Gen.OneOf("\"abc\"", "true", "[]", "{}", "1.5", "1e400", "2147483648", "-2147483649", "\"2147483648\"", "\"\"", "\"1,5\""),
        Leaf { Kind: LeafKind.Int64 } => Gen.OneOf("\"abc\"", "true", "[]", "{}", "1.5", "1e400", "9223372036854775808", "\"\""),
        Leaf { Kind: LeafKind.Decimal } => Gen.OneOf("\"abc\"", "true", "[]", "{}", "1e400", "-1e400", "79228162514264337593543950336", "\"\""),
        Leaf { Kind: LeafKind.Boolean } => Gen.OneOf("1", "0", "\"true\"", "\"yes\"", "[]", "{}", "\"\""),
        Leaf { Kind: LeafKind.Instant } => Gen.OneOf(
            "1", "true", "[]", "{}", "\"\"", "\"not a date\"", "\"yesterday\"", "\"P30D\"", "\"2026-13-01T00:00:00Z\"", "\"2026-02-30T00:00:00Z\"",
            "\"2026-01-01T25:00:00Z\"", "\"0000-01-01T00:00:00Z\"", "\"10000-01-01T00:00:00Z\"", "\"0001-01-01T00:00:00+01:00\"",
            "\"9999-12-31T23:59:59-01:00\"", "\"2026-01-01T00:00:00+99:00\"", "\"2026-01-01T00:00:00\\u0000Z\""),
        Leaf { Kind: LeafKind.Enum } leaf => Gen.Frequency(
            (3, Gen.OneOf("1", "true", "[]", "{}", "\"\"", "\"1\"", "\"zz-no-such-member\"", "\"\\u0000\"")),
            // Two members joined: a flags-style value that no enum of the API defines.
            (2, Gen.Int[0, leaf.Members.Length - 1].Select(i => $"\"{leaf.Members[i]}, {leaf.Members[(i + 1) % leaf.Members.Length]}\""))),
        // The only JSON-element field (provisioned resources) must be an object.
        Leaf { Kind: LeafKind.AnyJson } => Gen.OneOf("null", "1", "\"x\"", "[]", "true"),
        ArrayOf => Gen.OneOf("1", "\"x\"", "true", "{}"),
        _ => Gen.OneOf("1", "\"x\"", "true", "[]", "[{}]"),
    };

    /// <summary>Plausible, extreme or odd values: noise around a defect.</summary>
    private static Gen<string> NoiseValue(Shape shape) => shape switch
    {
        Leaf { Kind: LeafKind.String } => Gen.Frequency((4, Text), (1, OddValue)),
        Leaf { Kind: LeafKind.Int32 or LeafKind.Int64 } => Gen.Frequency((3, Gen.OneOf("-1", "0", "1", "3", "2147483647", "-2147483648", "\"12\"")), (1, OddValue)),
        Leaf { Kind: LeafKind.Decimal } => Gen.Frequency((3, Gen.OneOf("-1", "0", "1200.50", "79228162514264337593543950335", "1e-28")), (1, OddValue)),
        Leaf { Kind: LeafKind.Boolean } => Gen.Frequency((3, Gen.OneOf("true", "false")), (1, OddValue)),
        Leaf { Kind: LeafKind.Instant } => Gen.Frequency(
            (3, Gen.OneOf("\"2026-01-01T00:00:00Z\"", "\"0001-01-01T00:00:00Z\"", "\"9999-12-31T23:59:59.9999999Z\"", "\"1970-01-01T00:00:00+14:00\"", "\"2026-06-30T12:00:00.123456789Z\"")),
            (1, OddValue)),
        Leaf { Kind: LeafKind.Enum } leaf => Gen.Frequency((3, Gen.OneOf(leaf.Members).Select(m => $"\"{m}\"")), (1, OddValue)),
        Leaf => AnyValue,
        ArrayOf array => Gen.Frequency((3, NoiseValue(array.Item).Array[0, 3].Select(items => $"[{string.Join(",", items)}]")), (1, OddValue)),
        ObjectOf obj => Gen.Frequency((4, Body(obj, null, null)), (1, OddValue)),
        _ => AnyValue,
    };

    /// <summary>
    /// An object of the shape: each field left out or given noise, except along <paramref name="path"/>,
    /// which is always present and ends in <paramref name="defect"/>; sometimes an extra field the type does not know.
    /// </summary>
    private static Gen<string> Body(ObjectOf shape, FieldPath? path, Gen<string>? defect)
    {
        var parts = Gen.Const(ImmutableList<string>.Empty);
        foreach (var field in shape.Fields)
        {
            Gen<string?> value;
            if (path is not null && path.Steps[0] == field.Name)
            {
                var rest = path with { Steps = path.Steps.Skip(1).ToArray() };
                value = Along(field.Shape, rest, defect!).Select(v => (string?)v);
            }
            else
            {
                value = Gen.Frequency((1, Gen.Const((string?)null)), (3, NoiseValue(field.Shape).Select(v => (string?)v)));
            }
            parts = from list in parts from v in value select v is null ? list : list.Add($"\"{field.Name}\":{v}");
        }
        // An unknown field: its name starts "zz", which no field of the API does, even ignoring case.
        var extra = Gen.Frequency((3, Gen.Const((string?)null)), (1, Gen.Select(Gen.Int[0, 999], AnyValue, (n, v) => (string?)$"\"zz{n}\":{v}")));
        return from list in parts from e in extra select "{" + string.Join(",", e is null ? list : list.Add(e)) + "}";
    }

    private static Gen<string> Along(Shape shape, FieldPath path, Gen<string> defect) => (shape, path.Steps) switch
    {
        (_, []) => defect,
        (ObjectOf obj, _) => Body(obj, path, defect),
        (ArrayOf array, ["[]", ..]) => Gen.Select(Along(array.Item, path with { Steps = path.Steps[1..] }, defect), NoiseValue(array.Item).Array[0, 2],
            (bad, others) => $"[{string.Join(",", others.Prepend(bad))}]"),
        _ => throw new InvalidOperationException($"{path} does not fit {shape}"),
    };

    /// <summary>Every field, nested field and array item of the shape that a defect can replace.</summary>
    private static IEnumerable<FieldPath> Paths(ObjectOf shape, string[]? prefix = null)
    {
        foreach (var field in shape.Fields)
        {
            var steps = (prefix ?? []).Append(field.Name).ToArray();
            foreach (var path in PathsInto(field.Shape, steps)) yield return path;
        }
    }

    private static IEnumerable<FieldPath> PathsInto(Shape shape, string[] steps)
    {
        yield return new FieldPath(steps, shape);
        switch (shape)
        {
            case ObjectOf obj:
                foreach (var path in Paths(obj, steps)) yield return path;
                break;
            case ArrayOf array:
                foreach (var path in PathsInto(array.Item, [.. steps, "[]"])) yield return path;
                break;
        }
    }

    /// <summary>
    /// A JSON string literal. Lone surrogates and control characters are always escaped (raw, they would
    /// not survive UTF-8); the rest raw, or every non-ASCII character escaped when <paramref name="escapeAll"/>.
    /// </summary>
    public static string Literal(string text, bool escapeAll)
    {
        var json = new StringBuilder(text.Length + 2).Append('"');
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var paired = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            if (c is '"' or '\\') json.Append('\\').Append(c);
            else if (c < 0x20 || char.IsSurrogate(c) && !paired || (escapeAll && c > 0x7E)) json.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            else if (paired && !escapeAll) json.Append(c).Append(text[++i]);
            else json.Append(c);
        }
        return json.Append('"').ToString();
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public abstract record Shape;

    public enum LeafKind
    {
        String = 1,
        Int32 = 2,
        Int64 = 3,
        Decimal = 4,
        Boolean = 5,
        Instant = 6,
        Enum = 7,
        AnyJson = 8,
    }

    public sealed record Leaf(LeafKind Kind, string[]? EnumMembers = null) : Shape
    {
        public string[] Members => EnumMembers ?? [];
    }

    public sealed record ArrayOf(Shape Item) : Shape;

    public sealed record Field(string Name, Shape Shape);

    public sealed record ObjectOf(IReadOnlyList<Field> Fields) : Shape;

    public sealed record FieldPath(string[] Steps, Shape Target)
    {
        public override string ToString() => string.Join(".", Steps).Replace(".[]", "[]", StringComparison.Ordinal);
    }
}
