.class public Lcase/arrays/ArrCap;
.super Ljava/lang/Object;

# the secret at more constant indices (1..33) than are tracked (32): the
# array falls back to one object, and a read at [0], never written, leaks
# (send)
.method public static run()V
    .registers 5
    const/16 v0, 0x40
    new-array v1, v0, [Ljava/lang/String;
    invoke-static {}, Lt/Src;->secret()Ljava/lang/String;
    move-result-object v2
    const/16 v3, 0x1
    aput-object v2, v1, v3
    const/16 v3, 0x2
    aput-object v2, v1, v3
    const/16 v3, 0x3
    aput-object v2, v1, v3
    const/16 v3, 0x4
    aput-object v2, v1, v3
    const/16 v3, 0x5
    aput-object v2, v1, v3
    const/16 v3, 0x6
    aput-object v2, v1, v3
    const/16 v3, 0x7
    aput-object v2, v1, v3
    const/16 v3, 0x8
    aput-object v2, v1, v3
    const/16 v3, 0x9
    aput-object v2, v1, v3
    const/16 v3, 0xa
    aput-object v2, v1, v3
    const/16 v3, 0xb
    aput-object v2, v1, v3
    const/16 v3, 0xc
    aput-object v2, v1, v3
    const/16 v3, 0xd
    aput-object v2, v1, v3
    const/16 v3, 0xe
    aput-object v2, v1, v3
    const/16 v3, 0xf
    aput-object v2, v1, v3
    const/16 v3, 0x10
    aput-object v2, v1, v3
    const/16 v3, 0x11
    aput-object v2, v1, v3
    const/16 v3, 0x12
    aput-object v2, v1, v3
    const/16 v3, 0x13
    aput-object v2, v1, v3
    const/16 v3, 0x14
    aput-object v2, v1, v3
    const/16 v3, 0x15
    aput-object v2, v1, v3
    const/16 v3, 0x16
    aput-object v2, v1, v3
    const/16 v3, 0x17
    aput-object v2, v1, v3
    const/16 v3, 0x18
    aput-object v2, v1, v3
    const/16 v3, 0x19
    aput-object v2, v1, v3
    const/16 v3, 0x1a
    aput-object v2, v1, v3
    const/16 v3, 0x1b
    aput-object v2, v1, v3
    const/16 v3, 0x1c
    aput-object v2, v1, v3
    const/16 v3, 0x1d
    aput-object v2, v1, v3
    const/16 v3, 0x1e
    aput-object v2, v1, v3
    const/16 v3, 0x1f
    aput-object v2, v1, v3
    const/16 v3, 0x20
    aput-object v2, v1, v3
    const/16 v3, 0x21
    aput-object v2, v1, v3
    const/4 v3, 0x0
    aget-object v4, v1, v3
    invoke-static {v4}, Lt/Snk;->send(Ljava/lang/String;)V
    return-void
.end method
