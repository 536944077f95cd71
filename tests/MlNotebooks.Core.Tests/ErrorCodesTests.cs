namespace MlNotebooks.Tests;

public sealed class ErrorCodesTests
{
    [Fact]
    public void FromExitCode_IsTheInverseOfToExitCode_ForEveryCode()
    {
        foreach (var code in Enum.GetValues<ErrorCode>())
            Assert.Equal(code, ErrorCodes.FromExitCode(code.ToExitCode()));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(42)]
    [InlineData(137)]
    public void FromExitCode_OfAnUnknownCode_IsAnInternalError(int exitCode) =>
        Assert.Equal(ErrorCode.InternalError, ErrorCodes.FromExitCode(exitCode));
}
