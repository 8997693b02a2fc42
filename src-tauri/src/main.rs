fn main() {
    comet_desk_lib::run()
}
