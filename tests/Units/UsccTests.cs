using Domains.GrainInterfaces.Units;
using Domains.Tests.Fixtures;

namespace Domains.Tests.Units;

public sealed class UsccTests
{
    [Theory]
    [InlineData("91350100M000100Y43")]
    [InlineData("91110000600037341L")]
    [InlineData("911100007109250324")]
    public void PublishedCodes_AreValid(string code)
    {
        Assert.True(Uscc.IsValid(code));
    }

    [Fact]
    public void GeneratedCodes_WithTheCheckCharacterComputedByTheTests_AreValid()
    {
        for (var i = 0; i < 200; i++)
        {
            Assert.True(Uscc.IsValid(Usccs.New()));
        }
    }

    [Fact]
    public void CheckCharacter_AgreesWithTheTestsOwnComputation()
    {
        var code = Usccs.New();

        Assert.Equal(Usccs.Check(code[..17]), Uscc.CheckCharacter(code.AsSpan(0, 17)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("91350100M000100Y4")]
    [InlineData("91350100M000100Y433")]
    public void WrongLength_IsInvalid(string? code)
    {
        Assert.False(Uscc.IsValid(code));
    }

    [Theory]
    [InlineData('I')]
    [InlineData('O')]
    [InlineData('Z')]
    [InlineData('S')]
    [InlineData('V')]
    [InlineData('-')]
    [InlineData(' ')]
    public void CharacterOutsideTheAlphabet_IsInvalid(char bad)
    {
        var code = "9135010" + bad + "M000100Y4";

        Assert.False(Uscc.IsValid(code + "3"));
        Assert.All(Uscc.Alphabet, check => Assert.False(Uscc.IsValid(code + check)));
    }

    [Fact]
    public void WrongCheckCharacter_IsInvalid()
    {
        var code = Usccs.New();
        var wrong = Uscc.Alphabet.First(c => c != code[17]);

        Assert.False(Uscc.IsValid(code[..17] + wrong));
    }

    [Fact]
    public void LowerCase_IsInvalid()
    {
        Assert.True(Uscc.IsValid("91350100M000100Y43"));
        Assert.False(Uscc.IsValid("91350100m000100y43"));
    }
}
