.class public Lt/O;
.super Ljava/lang/Object;

# Assembled with --allow-odex-opcodes: the Dalvik odex instructions smali
# still accepts (volatile field access and throw-verification-error).
.field public f:I
.field public static s:Ljava/lang/Object;

.method public q(Ljava/lang/Object;)V
    .registers 6
    iget-volatile v0, p0, Lt/O;->f:I
    sget-object-volatile v1, Lt/O;->s:Ljava/lang/Object;
    throw-verification-error illegal-method-access, Lt/O;->q(Ljava/lang/Object;)V
    return-void
.end method
