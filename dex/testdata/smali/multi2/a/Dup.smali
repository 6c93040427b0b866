.class public La/Dup;
.super Ljava/lang/Object;

# Shadowed by classes.dex's La/Dup; and therefore not indexed.
.field public static final TAG:Ljava/lang/String; = "dup-second"

.method public static m()V
    .registers 1
    const-string v0, "never-loaded"
    return-void
.end method
