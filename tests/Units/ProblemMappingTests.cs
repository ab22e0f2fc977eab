using System.Reflection;
using Domains.ClientApi.Errors;
using Domains.GrainInterfaces;

namespace Domains.Tests.Units;

public sealed class ProblemMappingTests
{
    public static TheoryData<string> AllCodes()
    {
        var data = new TheoryData<string>();
        foreach (var field in typeof(ErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            data.Add((string)field.GetValue(null)!);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(AllCodes))]
    public void EveryErrorCode_HasAStatusAndTitle(string code)
    {
        Assert.True(ProblemMapping.Codes.ContainsKey(code), $"{code} is not mapped");
    }

    [Theory]
    [InlineData(ErrorCodes.MalformedJson, 400)]
    [InlineData(ErrorCodes.ValidationFailed, 400)]
    [InlineData(ErrorCodes.InvalidUscc, 400)]
    [InlineData(ErrorCodes.MaterialMissing, 400)]
    [InlineData(ErrorCodes.TermTooLong, 400)]
    [InlineData(ErrorCodes.Unauthorized, 401)]
    [InlineData(ErrorCodes.Forbidden, 403)]
    [InlineData(ErrorCodes.NotFound, 404)]
    [InlineData(ErrorCodes.InvalidTransition, 409)]
    [InlineData(ErrorCodes.NoticeNotOpen, 409)]
    [InlineData(ErrorCodes.QuotaExhausted, 409)]
    [InlineData(ErrorCodes.DomainNotOperational, 409)]
    [InlineData(ErrorCodes.LimitReached, 409)]
    [InlineData(ErrorCodes.VersionMismatch, 412)]
    [InlineData(ErrorCodes.UnitNotQualified, 422)]
    [InlineData(ErrorCodes.IdempotencyKeyReused, 422)]
    [InlineData(ErrorCodes.StorageUnavailable, 503)]
    [InlineData(ErrorCodes.OutcomeUnknown, 504)]
    public void Code_MapsToTheStatusOfTheContract(string code, int status)
    {
        Assert.Equal(status, ProblemMapping.For(code).Status);
    }
}
