using System.Collections;
using System.Reflection;

namespace Domains.Tests.Lifecycle;

/// <summary>
/// Builds an instance of a stored state type with every property set to a value that is not its default
/// (one element in every list, the first member of every enum), so that its JSON shows every field the
/// type stores today. Used to record and check the stored-state fixtures, never as test data otherwise.
/// </summary>
public static class StateSamples
{
    private const int MaxDepth = 8;
    private static readonly DateTimeOffset At = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    public static object Build(Type type) => Build(type, 0) ?? throw new InvalidOperationException($"No sample for {type}.");

    private static object? Build(Type type, int depth)
    {
        if (Nullable.GetUnderlyingType(type) is { } inner) return Build(inner, depth);
        if (type == typeof(string)) return "s";
        if (type == typeof(bool)) return true;
        if (type == typeof(int)) return 2;
        if (type == typeof(long)) return 3L;
        if (type == typeof(short)) return (short)4;
        if (type == typeof(double)) return 1.5;
        if (type == typeof(decimal)) return 2.5m;
        if (type == typeof(DateTimeOffset)) return At;
        if (type == typeof(DateTime)) return At.UtcDateTime;
        if (type == typeof(TimeSpan)) return TimeSpan.FromMinutes(5);
        if (type == typeof(Guid)) return new Guid("00000000-0000-0000-0000-000000000001");
        if (type == typeof(byte[])) return new byte[] { 1, 2 };
        if (type.IsEnum) return Enum.GetValues(type).GetValue(0);
        if (type.IsPrimitive) return Convert.ChangeType(1, type, System.Globalization.CultureInfo.InvariantCulture);
        if (type == typeof(object)) return "o";
        if (depth > MaxDepth) return null;

        if (type.IsArray)
        {
            var array = Array.CreateInstance(type.GetElementType()!, 1);
            array.SetValue(Build(type.GetElementType()!, depth + 1), 0);
            return array;
        }
        if (type.IsGenericType && DictionaryTypes(type) is { } kv)
        {
            var dictionary = (IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(kv.Key, kv.Value))!;
            dictionary.Add(Build(kv.Key, depth + 1)!, Build(kv.Value, depth + 1));
            return dictionary;
        }
        if (type.IsGenericType && ElementType(type) is { } element)
        {
            var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element))!;
            list.Add(Build(element, depth + 1));
            if (type.IsAssignableFrom(list.GetType())) return list;
            return Activator.CreateInstance(type, list);
        }

        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault()
            ?? throw new InvalidOperationException($"{type} has no public constructor.");
        var instance = constructor.Invoke(constructor.GetParameters().Select(p => Build(p.ParameterType, depth + 1)).ToArray());
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.SetMethod is not { IsPublic: true } || property.GetIndexParameters().Length > 0) continue;
            if (!IsDefault(property.GetValue(instance), property.PropertyType)) continue;
            property.SetValue(instance, Build(property.PropertyType, depth + 1));
        }
        return instance;
    }

    private static bool IsDefault(object? value, Type type) =>
        value is null
        || (value is ICollection { Count: 0 })
        || (type.IsValueType && value.Equals(Activator.CreateInstance(type)));

    private static (Type Key, Type Value)? DictionaryTypes(Type type)
    {
        var definition = type.GetGenericTypeDefinition();
        if (definition != typeof(Dictionary<,>) && definition != typeof(IDictionary<,>) && definition != typeof(IReadOnlyDictionary<,>)) return null;
        var args = type.GetGenericArguments();
        return (args[0], args[1]);
    }

    private static Type? ElementType(Type type)
    {
        var definition = type.GetGenericTypeDefinition();
        return definition == typeof(List<>) || definition == typeof(IReadOnlyList<>) || definition == typeof(IList<>)
               || definition == typeof(IEnumerable<>) || definition == typeof(ICollection<>) || definition == typeof(IReadOnlyCollection<>)
               || definition == typeof(HashSet<>) || definition == typeof(ISet<>) || definition == typeof(IReadOnlySet<>)
            ? type.GetGenericArguments()[0]
            : null;
    }
}
