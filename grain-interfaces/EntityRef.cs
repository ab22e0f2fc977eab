namespace Domains.GrainInterfaces;

/// <summary>An entity named as <c>{type}/{id}</c>, the form audit and deadlines use.</summary>
[GenerateSerializer, Immutable, Alias("domains.EntityRef")]
public sealed record EntityRef([property: Id(0)] string Type, [property: Id(1)] string Id)
{
    public override string ToString() => $"{Type}/{Id}";

    public static bool TryParse(string? text, out EntityRef entity)
    {
        entity = new EntityRef("", "");
        if (string.IsNullOrEmpty(text)) return false;
        var slash = text.IndexOf('/');
        if (slash <= 0 || slash == text.Length - 1) return false;
        var type = text[..slash];
        if (!EntityTypes.All.Contains(type)) return false;
        entity = new EntityRef(type, text[(slash + 1)..]);
        return true;
    }
}
