import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardCopyOption

// Copy the example as it is in the repository (never its build output), and the data it refers to by
// ../../quickstart/data, keeping that relative path.
def examples = basedir.toPath().resolve('../../../examples').normalize()
def copy = { Path from, Path to ->
    Files.walk(from).withCloseable { paths ->
        paths.filter { !from.relativize(it).toString().split('/').contains('target') }.each { source ->
            def target = to.resolve(from.relativize(source).toString())
            if (Files.isDirectory(source)) {
                Files.createDirectories(target)
            } else {
                Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING)
            }
        }
    }
}
copy(examples.resolve('reviews-app'), basedir.toPath().resolve('reviews-app'))
copy(examples.resolve('quickstart/data'), basedir.toPath().resolve('quickstart/data'))
return true
